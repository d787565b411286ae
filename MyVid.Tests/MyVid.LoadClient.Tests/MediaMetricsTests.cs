using System.Net;
using MyVid.Testing;

namespace MyVid.LoadClient.Tests;

/// <summary>A media node's <c>/metrics</c> while the load client publishes and two viewers watch: the counters move.</summary>
[NonParallelizable]
public sealed class MediaMetricsTests
{
    [Test]
    public async Task Streams_packets_bytes_and_keyframe_requests_move_with_a_live_stream()
    {
        await using var node = await TestNode.StartAsync(Backend.Embedded, roles: "media", settings: new Dictionary<string, string>
        {
            ["Media:BindAddress"] = "127.0.0.1",
            ["Media:DirectSessionsForBenchmarks"] = "true",
        });
        var before = await MetricsScrape.ReadAsync(node.Http);
        Assert.That(before.Sum("myvid_media_packets_forwarded_total"), Is.Zero);

        var sessionUrl = new Uri($"ws://{node.BaseUrl.Authority}/bench/session");
        using var publisher = new Publisher(Feed.Synthetic(seconds: 4), IPAddress.Loopback);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var live = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var publishing = publisher.RunAsync(sessionUrl, id => live.TrySetResult(id), TestContext.Progress, stop.Token);
        var streamId = await live.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var report = await ViewersRun.RunAsync(new ViewersOptions(sessionUrl, streamId, Count: 2) { Rate = 10, Seconds = 2, Threads = 1 },
            TestContext.Progress, stop.Token);
        var during = await MetricsScrape.ReadAsync(node.Http);
        await stop.CancelAsync();
        await ((Task)publishing).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Connected, Is.EqualTo(2), () => string.Join("; ", report.Errors.Keys));
            Assert.That(during.Sum("myvid_media_streams"), Is.EqualTo(1));
            Assert.That(during.Sum("myvid_media_packets_forwarded_total"), Is.GreaterThan(100), "two viewers, ~130 packets/s each, 2 s");
            Assert.That(during.Sum("myvid_media_datagrams_total", "direction=\"in\""), Is.GreaterThan(100));
            Assert.That(during.Sum("myvid_media_bytes_total", "direction=\"out\""), Is.GreaterThan(during.Sum("myvid_media_datagrams_total", "direction=\"out\"")));
            // Each viewer's video starts once: from the cached keyframe, or by a PLI to the publisher (then counted out).
            Assert.That(during.Sum("myvid_media_viewer_starts_total"), Is.EqualTo(2), "one start per connected viewer");
            Assert.That(during.Sum("myvid_media_viewer_starts_total", "keyframe=\"publisher\""),
                Is.LessThanOrEqualTo(during.Sum("myvid_media_keyframe_requests_total", "direction=\"out\"")), "a PLI for each viewer that waited");
            Assert.That(during.Has("dotnet_process_cpu_time_seconds_total"), Is.True);
        }
    }
}
