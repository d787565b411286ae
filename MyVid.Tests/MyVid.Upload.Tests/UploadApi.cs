using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace MyVid.Upload.Tests;

/// <summary>Appendix B from a plain HTTP client, as a browser's script would call it.</summary>
internal sealed class UploadApi(HttpClient api)
{
    public static readonly HttpClient Plain = new() { Timeout = TimeSpan.FromMinutes(2) };

    /// <summary>Step 1; retried for a few seconds while the endpoint's first heartbeat is on its way.</summary>
    public async Task<string> NewUploadAsync()
    {
        for (var i = 0; ; i++)
        {
            using var response = await api.GetAsync("API/NEWUPLOAD/");
            if (response.StatusCode == HttpStatusCode.OK || i == 50)
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
                return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("Server").GetString()!;
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Step 3 with a raw JSON body; returns the status and the parsed answer.</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Body)> PostJsonAsync(string url, string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await Plain.PostAsync(url, content);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(text);
        return (response.StatusCode, body);
    }

    public static Task<(HttpStatusCode Status, JsonElement Body)> NewVideoUploadAsync(string server, object body) =>
        PostJsonAsync(server, JsonSerializer.Serialize(body));

    public Task<(HttpStatusCode Status, JsonElement Body)> PublishAsync(string id, string? token) =>
        PostJsonAsync(new Uri(api.BaseAddress!, "API/PUBLISH/").AbsoluteUri, JsonSerializer.Serialize(new { ID = id, Token = token }));

    /// <summary>Steps 5 and 7: PUT (S3's pre-signed upload; the appendix writes POST) with the content type that was signed.</summary>
    public static async Task<HttpResponseMessage> PutAsync(string url, ReadOnlyMemory<byte> bytes, string? contentType)
    {
        using var content = new ReadOnlyMemoryContent(bytes);
        if (contentType is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }
        return await Plain.PutAsync(url, content);
    }

    public static async Task PutOkAsync(string url, ReadOnlyMemory<byte> bytes, string? contentType)
    {
        using var response = await PutAsync(url, bytes, contentType);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    /// <summary>Begins an upload with the given names and uploads what is given; returns the answer.</summary>
    public async Task<JsonElement> BeginAsync(string title, string videoName, string? previewName, long? videoSize = null)
    {
        var server = await NewUploadAsync();
        var (status, body) = await NewVideoUploadAsync(server, new
        {
            title,
            description = "Video Description\r\nGoes Here",
            PreviewFilename = previewName,
            VideoFilename = videoName,
            VideoSize = videoSize,
        });
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        return body;
    }

    public async Task<JsonElement> SearchAsync(string words)
    {
        using var response = await api.PostAsJsonAsync("API/VIDEO/", new { Search = words });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> VideoAsync(string id)
    {
        using var response = await api.GetAsync($"API/VIDEO/{id}");
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonSerializer.Deserialize<JsonElement>(text));
    }
}
