using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace MyVid.Drills;

/// <summary>Appendix A and B as a client runs them, each call answering an <see cref="Outcome"/> instead of throwing.</summary>
public sealed class DrillApi(Uri api, TimeSpan timeout) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 32 }) { Timeout = timeout };

    public Uri BaseUrl => api;

    public Task<(Outcome, JsonElement?)> SearchAsync(string words) =>
        SendAsync(() => _http.PostAsJsonAsync(new Uri(api, "API/VIDEO/"), new { Search = words }));

    public Task<(Outcome, JsonElement?)> MetadataAsync(string id) =>
        SendAsync(() => _http.GetAsync(new Uri(api, "API/VIDEO/" + Uri.EscapeDataString(id))));

    /// <summary>NEWUPLOAD then NEWVIDEOUPLOAD: the answer holds ID, Token and the signed URLs.</summary>
    public async Task<(Outcome, JsonElement?)> NewVideoUploadAsync(string title)
    {
        var (found, server) = await SendAsync(() => _http.GetAsync(new Uri(api, "API/NEWUPLOAD/")));
        if (!found.Ok)
        {
            return (found, null);
        }
        return await SendAsync(() => _http.PostAsJsonAsync(server!.Value.GetProperty("Server").GetString(), new
        {
            title,
            description = "failure drill upload",
            PreviewFilename = "preview.jpg",
            VideoFilename = "video.webm",
        }));
    }

    public async Task<Outcome> PutAsync(string url, byte[] bytes, string contentType)
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        var (outcome, _) = await SendAsync(() => _http.PutAsync(new Uri(url), content));
        return outcome;
    }

    public Task<(Outcome, JsonElement?)> PublishAsync(string id, string token) =>
        SendAsync(() => _http.PostAsJsonAsync(new Uri(api, "API/PUBLISH/"), new { ID = id, Token = token }));

    public async Task<(Outcome, byte[]?)> DownloadAsync(string url)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri(url));
            if (!response.IsSuccessStatusCode)
            {
                return (Outcome.Failure($"{(int)response.StatusCode}{StoreError(await response.Content.ReadAsStringAsync())} from the store"), null);
            }
            return (Outcome.Success((int)response.StatusCode), await response.Content.ReadAsByteArrayAsync());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (Outcome.Failure(Describe(e)), null);
        }
    }

    public void Dispose() => _http.Dispose();

    private static async Task<(Outcome, JsonElement?)> SendAsync(Func<Task<HttpResponseMessage>> send)
    {
        try
        {
            using var response = await send();
            var body = response.Content.Headers.ContentLength != 0 ? await response.Content.ReadAsStringAsync() : "";
            JsonElement? json = body.Length > 0 && body[0] is '{' or '[' ? JsonSerializer.Deserialize<JsonElement>(body) : null;
            if (response.IsSuccessStatusCode)
            {
                return (Outcome.Success((int)response.StatusCode), json);
            }
            var title = json is { ValueKind: JsonValueKind.Object } problem && problem.TryGetProperty("title", out var t) ? " " + t.GetString() : StoreError(body);
            var type = response.Content.Headers.ContentType?.MediaType == "application/problem+json" ? " (problem+json)" : "";
            return (Outcome.Failure($"{(int)response.StatusCode}{title}{type}"), json);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return (Outcome.Failure(Describe(e)), null);
        }
    }

    /// <summary>An S3 error's code (e.g. " RequestTimeout"): what a browser's PUT or GET to the store is told.</summary>
    private static string StoreError(string body) =>
        System.Text.RegularExpressions.Regex.Match(body, "<Code>([^<]+)</Code>") is { Success: true } m ? " " + m.Groups[1].Value : "";

    private static string Describe(Exception e) => e is TaskCanceledException ? "client timeout" : e.GetType().Name + ": " + e.Message;
}
