using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using MyVid.Media.Catalog;
using MyVid.Signalling.Contracts;

namespace MyVid.Media.Control;

/// <summary>
/// <see cref="IMediaCatalog"/> over the media API of the endpoint this node is attached to (cluster-signed HTTP).
/// A call made while the node is between endpoints fails at once; the caller decides whether to retry.
/// </summary>
internal sealed class HttpMediaCatalog(LinkState state, NodeCredentials credentials, IOptions<MediaControlOptions> options)
    : IMediaCatalog, IDisposable
{
    private readonly HttpClient _http = new() { Timeout = options.Value.ConnectTimeout * 2 };

    public async Task<string> CreateLiveAsync(string title, string description, string streamId, CancellationToken cancellationToken)
    {
        var body = new LiveCreateRequest { Title = title, Description = description, StreamId = streamId };
        using var response = await PostAsync(MediaNodePaths.Live, body, SignallingWireJson.Default.LiveCreateRequest, cancellationToken);
        var created = await response.Content.ReadFromJsonAsync(SignallingWireJson.Default.LiveCreatedResponse, cancellationToken);
        return created?.Id ?? throw new HttpRequestException("The endpoint's answer carried no ID.");
    }

    public async Task ReportViewersAsync(string videoId, int viewers, CancellationToken cancellationToken)
    {
        using var _ = await PostAsync(MediaNodePaths.Viewers(videoId), new LiveViewersRequest { Viewers = viewers },
            SignallingWireJson.Default.LiveViewersRequest, cancellationToken);
    }

    public async Task MarkEndedAsync(string videoId, CancellationToken cancellationToken)
    {
        using var _ = await PostAsync<LiveViewersRequest>(MediaNodePaths.Ended(videoId), null, null, cancellationToken);
    }

    public async Task AttachRecordingAsync(string videoId, LiveRecordingRequest recording, CancellationToken cancellationToken)
    {
        using var _ = await PostAsync(MediaNodePaths.Recording(videoId), recording, SignallingWireJson.Default.LiveRecordingRequest,
            cancellationToken);
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> PostAsync<T>(string path, T? body, JsonTypeInfo<T>? type, CancellationToken cancellationToken)
        where T : class
    {
        var attachment = state.Current ?? throw new HttpRequestException("This media node is not attached to an endpoint right now.");
        var bytes = body is null ? [] : JsonSerializer.SerializeToUtf8Bytes(body, type!);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(attachment.Endpoint, path.TrimStart('/')))
        {
            Content = new ByteArrayContent(bytes),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        credentials.Sign(request, bytes);
        var response = await _http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var detail = await response.Content.ReadAsStringAsync(cancellationToken);
            response.Dispose();
            throw new HttpRequestException($"{path}: {(int)response.StatusCode} {detail}", null, response.StatusCode);
        }
        return response;
    }
}
