using System.Net;
using System.Text.Json;
using MyVid.LoadClient;

namespace MyVid.Drills;

/// <summary>
/// Appendix C through a deployment: NEWSTREAM on the api frontend, the load client's publisher on
/// <c>wss://{Server}/ENDPOINT/{Endpoint}</c>, LIVE; then the catalogue entry viewers join through (Appendix D).
/// </summary>
internal sealed class LiveSession : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task _publishing;

    private LiveSession(Publisher publisher, CancellationTokenSource stop, Task publishing, string videoId, Uri controlUrl, string streamId)
    {
        Publisher = publisher;
        _stop = stop;
        _publishing = publishing;
        VideoId = videoId;
        ControlUrl = controlUrl;
        StreamId = streamId;
    }

    public Publisher Publisher { get; }

    /// <summary>The live entry's catalogue id.</summary>
    public string VideoId { get; }

    /// <summary>The entry's ControlURL as a WebSocket URL (wss://).</summary>
    public Uri ControlUrl { get; }

    public string StreamId { get; }

    /// <summary>The endpoint that carries the publisher's signalling (its public URL's authority).</summary>
    public string EndpointAuthority => ControlUrl.Authority;

    public static async Task<LiveSession> StartAsync(HttpClient api, TextWriter log, CancellationToken cancellationToken)
    {
        using var chosen = await api.GetAsync("API/NEWSTREAM/", cancellationToken);
        var text = await chosen.Content.ReadAsStringAsync(cancellationToken);
        if (!chosen.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"NEWSTREAM: {(int)chosen.StatusCode} {text}");
        }
        var stream = JsonSerializer.Deserialize<JsonElement>(text);
        var url = new Uri($"wss://{stream.GetProperty("Server").GetString()}/ENDPOINT/{stream.GetProperty("Endpoint").GetString()}");
        var publisher = new Publisher(Feed.Synthetic(seconds: 4), IPAddress.Loopback);
        var stop = new CancellationTokenSource();
        var live = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var publishing = Task.Run(async () =>
        {
            await publisher.RunAsync(url, videoId => live.TrySetResult(videoId), log, stop.Token);
            live.TrySetException(new HttpRequestException($"publishing to {url} ended: {publisher.Error ?? "no LIVE"}"));
        }, CancellationToken.None);
        try
        {
            var videoId = await live.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            var entry = JsonSerializer.Deserialize<JsonElement>(await api.GetStringAsync($"API/VIDEO/{videoId}", cancellationToken));
            var control = new UriBuilder(entry.GetProperty("ControlURL").GetString()!) { Scheme = "wss" }.Uri;
            return new LiveSession(publisher, stop, publishing, videoId, control, entry.GetProperty("StreamID").GetString()!);
        }
        catch
        {
            await stop.CancelAsync();
            await publishing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            stop.Dispose();
            publisher.Dispose();
            throw;
        }
    }

    /// <summary>Viewers for <paramref name="seconds"/> after they settled; the report says what each received.</summary>
    public Task<ViewersReport> WatchAsync(int viewers, int seconds, TextWriter log, CancellationToken cancellationToken, Action<int>? endedByNode = null) =>
        ViewersRun.RunAsync(new ViewersOptions(ControlUrl, StreamId, viewers)
        {
            Rate = 10,
            Seconds = seconds,
            Threads = 1,
            SampleEvery = 8,
            SettleSeconds = 10,
            EndedByNode = endedByNode,
        }, log, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _publishing.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        Publisher.Dispose();
    }
}
