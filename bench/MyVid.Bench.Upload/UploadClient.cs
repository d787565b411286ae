using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace MyVid.Bench.Upload;

/// <summary>Appendix B as a browser's script runs it: NEWUPLOAD, NEWVIDEOUPLOAD, PUTs to the signed URLs, PUBLISH.</summary>
internal sealed class UploadClient(Uri api) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { Timeout = TimeSpan.FromMinutes(10) };
    private string? _server;

    public async Task<JsonElement> BeginAsync(string title, long videoSize)
    {
        _server ??= (await _http.GetFromJsonAsync<JsonElement>(new Uri(api, "API/NEWUPLOAD/"))).GetProperty("Server").GetString()!;
        using var response = await _http.PostAsJsonAsync(_server, new
        {
            title,
            description = "benchmark upload",
            PreviewFilename = (string?)null,
            VideoFilename = "bench.mp4",
            VideoSize = videoSize,
        });
        await EnsureOkAsync(response);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task PutAsync(string url, ReadOnlyMemory<byte> bytes, string? contentType)
    {
        using var content = new ReadOnlyMemoryContent(bytes);
        if (contentType is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }
        using var response = await _http.PutAsync(url, content);
        await EnsureOkAsync(response);
    }

    public async Task PublishAsync(JsonElement upload)
    {
        using var response = await _http.PostAsJsonAsync(new Uri(api, "API/PUBLISH/"),
            new { ID = upload.GetProperty("ID").GetString(), Token = upload.GetProperty("Token").GetString() });
        await EnsureOkAsync(response);
    }

    /// <summary>Bytes that pass the publish check (an ftyp box first), random after it so nothing compresses.</summary>
    public static byte[] FakeMp4(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        byte[] header = [0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m'];
        header.CopyTo(bytes, 0);
        return bytes;
    }

    public void Dispose() => _http.Dispose();

    private static async Task EnsureOkAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode} from {response.RequestMessage?.RequestUri}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
