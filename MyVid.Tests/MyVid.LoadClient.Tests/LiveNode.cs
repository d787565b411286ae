using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;

namespace MyVid.LoadClient.Tests;

/// <summary>
/// A media node in process with the bench-only <c>/bench/session</c>, and the load client's publisher live on it (a
/// synthetic feed): what the tests that watch the stream start from. Disposing stops the publisher, then the node.
/// </summary>
internal sealed class LiveNode : IAsyncDisposable
{
    private readonly WebApplication _node;
    private readonly Task _publishing;
    private readonly CancellationTokenSource _stop;

    private LiveNode(WebApplication node, Uri baseUrl, Publisher publisher, Task publishing, CancellationTokenSource stop, string streamId)
    {
        _node = node;
        BaseUrl = baseUrl;
        Publisher = publisher;
        _publishing = publishing;
        _stop = stop;
        StreamId = streamId;
    }

    public Uri BaseUrl { get; }

    public Uri SessionUrl => new($"ws://{BaseUrl.Authority}/bench/session");

    public Publisher Publisher { get; }

    public string StreamId { get; }

    /// <summary>Cancelled after 60 s at the latest, and when the test is done.</summary>
    public CancellationToken Stop => _stop.Token;

    public static async Task<LiveNode> StartAsync()
    {
        var node = await LoadClientTests.StartNodeAsync();
        var baseUrl = new Uri(node.Urls.First());
        var publisher = new Publisher(Feed.Synthetic(seconds: 4), IPAddress.Loopback);
        var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var live = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var publishing = publisher.RunAsync(new Uri($"ws://{baseUrl.Authority}/bench/session"), id => live.TrySetResult(id), TestContext.Progress, stop.Token);
        var streamId = await live.Task.WaitAsync(TimeSpan.FromSeconds(20));
        return new LiveNode(node, baseUrl, publisher, publishing, stop, streamId);
    }

    /// <summary>The node's <c>/bench/stats</c> (loop counters).</summary>
    public async Task<JsonDocument> StatsAsync()
    {
        using var http = new HttpClient();
        return JsonDocument.Parse(await http.GetStringAsync(new Uri(BaseUrl, "/bench/stats")));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _publishing.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Publisher.Dispose();
        _stop.Dispose();
        await _node.DisposeAsync();
    }
}
