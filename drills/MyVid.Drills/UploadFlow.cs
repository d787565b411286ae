using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace MyVid.Drills;

/// <summary>
/// Design Appendix B against a deployment: NEWUPLOAD on the api frontend, NEWVIDEOUPLOAD on the endpoint it names,
/// PUT of both files to the pre-signed URLs, PUBLISH, then GET of the video's URL must give back the same bytes.
/// </summary>
internal static class UploadFlow
{
    public static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 2, 3];

    /// <summary>An ftyp box then noise: passes the magic-byte check (ffprobe later records that it is no real video).</summary>
    public static byte[] FakeMp4(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        byte[] header = [0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m'];
        header.CopyTo(bytes, 0);
        return bytes;
    }

    /// <summary>The whole flow; throws <see cref="HttpRequestException"/> naming the step that failed.</summary>
    public static async Task<UploadResult> RunAsync(HttpClient api, HttpClient files, string title, byte[] video, CancellationToken cancellationToken)
    {
        var (named, started) = await BeginAsync(api, title, cancellationToken);
        var id = started.GetProperty("ID").GetString()!;
        await PutAsync(files, started.GetProperty("PreviewURL").GetString()!, Jpeg, started.GetProperty("PreviewContentType").GetString(), cancellationToken);
        await PutAsync(files, started.GetProperty("VideoURL").GetString()!, video, started.GetProperty("VideoContentType").GetString(), cancellationToken);
        using var publish = await api.PostAsJsonAsync("API/PUBLISH/", new { ID = id, Token = started.GetProperty("Token").GetString() }, cancellationToken);
        await ReadAsync(publish, "PUBLISH", cancellationToken);
        using var details = await api.GetAsync($"API/VIDEO/{id}", cancellationToken);
        var url = (await ReadAsync(details, "GET /API/VIDEO/{ID}", cancellationToken)).GetProperty("URL").GetString()!;
        var played = await files.GetByteArrayAsync(url, cancellationToken);
        return new UploadResult(id, named, played.AsSpan().SequenceEqual(video));
    }

    /// <summary>
    /// NEWUPLOAD, then NEWVIDEOUPLOAD on the server it names; as the web client does (upload/job.js), a server that
    /// does not answer (no connection, the load balancer's 502/503/504) sends it back to NEWUPLOAD, up to 3 tries
    /// 1 s and 2 s apart: an endpoint that died a moment ago is named until the api stops choosing it.
    /// </summary>
    private static async Task<(IReadOnlyList<Uri> Named, JsonElement Started)> BeginAsync(HttpClient api, string title, CancellationToken cancellationToken)
    {
        var named = new List<Uri>();
        for (var attempt = 1; ; attempt++)
        {
            using var chosen = await api.GetAsync("API/NEWUPLOAD/", cancellationToken);
            var server = (await ReadAsync(chosen, "NEWUPLOAD", cancellationToken)).GetProperty("Server").GetString()!;
            named.Add(new Uri(server));
            HttpResponseMessage? begin = null;
            try
            {
                begin = await api.PostAsJsonAsync(server, new
                {
                    title,
                    description = "uploaded by a drill",
                    PreviewFilename = "Banner.jpg",
                    VideoFilename = "MyVideo.mp4",
                }, cancellationToken);
            }
            catch (HttpRequestException) when (attempt < 3)
            {
                // No answer at all: ask NEWUPLOAD again below.
            }
            using (begin)
            {
                if (begin is not null && (attempt == 3 || (int)begin.StatusCode is not (502 or 503 or 504)))
                {
                    return (named, await ReadAsync(begin, "NEWVIDEOUPLOAD", cancellationToken));
                }
            }
            await Task.Delay(TimeSpan.FromSeconds(attempt), cancellationToken);
        }
    }

    private static async Task PutAsync(HttpClient files, string url, byte[] bytes, string? contentType, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(bytes);
        if (contentType is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }
        using var response = await files.PutAsync(url, content, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"PUT {new Uri(url).GetLeftPart(UriPartial.Path)}: {(int)response.StatusCode}");
        }
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, string step, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{step}: {(int)response.StatusCode} {text}");
        }
        return JsonSerializer.Deserialize<JsonElement>(text);
    }
}

/// <summary>One upload: the video's id, the NEWVIDEOUPLOAD URLs NEWUPLOAD named (the last one took it), whether playback gave the same bytes.</summary>
internal sealed record UploadResult(string Id, IReadOnlyList<Uri> ServersNamed, bool SameBytes)
{
    public Uri UploadServer => ServersNamed[^1];
}
