using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace MyVid.Host.Tests;

/// <summary>Appendix B in one call: begins an upload, PUTs a tiny MP4 and JPEG (magic bytes only), publishes; returns the ID.</summary>
internal static class TestUpload
{
    public static async Task<string> PublishAsync(HttpClient http, string title)
    {
        var server = await ServerAsync(http);
        using var begin = await http.PostAsJsonAsync(server, new { title, description = "", VideoFilename = "a.mp4", PreviewFilename = "a.jpg" });
        Assert.That(begin.StatusCode, Is.EqualTo(HttpStatusCode.OK), await begin.Content.ReadAsStringAsync());
        var upload = await begin.Content.ReadFromJsonAsync<JsonElement>();
        await PutAsync(http, upload.GetProperty("VideoURL").GetString()!, [0, 0, 0, 0x18, .. "ftypisom"u8, 1, 2, 3, 4, 5, 6, 7, 8], "video/mp4");
        await PutAsync(http, upload.GetProperty("PreviewURL").GetString()!, [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 1, 2], "image/jpeg");
        var id = upload.GetProperty("ID").GetString()!;
        using var publish = await http.PostAsJsonAsync("API/PUBLISH/", new { ID = id, Token = upload.GetProperty("Token").GetString() });
        Assert.That(publish.StatusCode, Is.EqualTo(HttpStatusCode.OK), await publish.Content.ReadAsStringAsync());
        return id;
    }

    /// <summary>NEWUPLOAD answers 503 until the endpoint role's first heartbeat is in the database; waits up to 10 s.</summary>
    private static async Task<string> ServerAsync(HttpClient http)
    {
        for (var i = 0; ; i++)
        {
            using var response = await http.GetAsync("API/NEWUPLOAD/");
            if (response.StatusCode == HttpStatusCode.OK || i == 100)
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
                return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("Server").GetString()!;
            }
            await Task.Delay(100);
        }
    }

    private static async Task PutAsync(HttpClient http, string url, byte[] bytes, string contentType)
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await http.PutAsync(url, content);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }
}
