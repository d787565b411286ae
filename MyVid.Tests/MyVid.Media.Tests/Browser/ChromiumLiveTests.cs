using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;
using MyVid.Media.Tests.Harness;
using MyVid.Testing;

namespace MyVid.Media.Tests.Browser;

/// <summary>
/// Headless Chromium (Debian's, through Playwright) broadcasts its fake camera and microphone through the node
/// (Appendix C) and other browser contexts watch it (Appendix D).
/// </summary>
[NonParallelizable]
public sealed class ChromiumLiveTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    [Test]
    public async Task Three_viewers_and_a_late_one_decode_the_broadcast_and_all_are_told_when_it_ends()
    {
        string chromium = RealParts.Chromium;
        await using var node = await MediaNode.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright, chromium);
        await using var publisher = await LivePage.OpenAsync(browser, node.BaseUrl);
        var (streamId, liveId) = await BroadcastAsync(node, publisher);

        var viewers = new List<LivePage>();
        for (var i = 0; i < 3; i++)
        {
            var viewer = await LivePage.OpenAsync(browser, node.BaseUrl);
            viewers.Add(viewer);
            await viewer.JoinAsync(node.SessionUrl, streamId);
        }

        var joinedAt = Stopwatch.StartNew();
        foreach (var viewer in viewers)
        {
            await ExpectPlayingAsync(viewer);
        }

        // A viewer joining ~10 s later must not wait for a periodic keyframe.
        await Task.Delay(TimeSpan.FromSeconds(10) - joinedAt.Elapsed);
        await using var late = await LivePage.OpenAsync(browser, node.BaseUrl);
        await late.JoinAsync(node.SessionUrl, streamId);
        var lateStats = await late.WaitForAsync("the late viewer's first frame", s => LivePage.State(s).GetProperty("firstFrameMs").ValueKind == JsonValueKind.Number, TimeSpan.FromSeconds(5));
        var firstFrameMs = LivePage.State(lateStats).GetProperty("firstFrameMs").GetDouble();
        TestContext.Progress.WriteLine($"late viewer: join -> connected {LivePage.State(lateStats).GetProperty("connectedMs")} ms -> first decoded frame {firstFrameMs:F0} ms");
        Assert.That(firstFrameMs, Is.LessThan(5000));
        viewers.Add(late);
        await ExpectPlayingAsync(late);
        foreach (var viewer in viewers.Take(3))
        {
            var stats = await viewer.StatsAsync();
            TestContext.Progress.WriteLine($"first viewers: join -> first frame {LivePage.State(stats).GetProperty("firstFrameMs")} ms");
        }

        await WaitUntilAsync("the viewer count (4) reported", () => node.Catalog.ViewerReports.Contains((liveId, 4)));
        Assert.That((node.Load.Streams, node.Load.Viewers), Is.EqualTo((1, 4)), "the load the heartbeats report");

        await publisher.LeaveAsync();
        foreach (var viewer in viewers)
        {
            await viewer.WaitForAsync("ended", s => LivePage.State(s).GetProperty("ended").GetBoolean(), TimeSpan.FromSeconds(5));
        }

        await WaitUntilAsync("the entry marked ended", () => node.Catalog.Ended.Contains(liveId));
        await WaitUntilAsync("every peer freed", () => node.Loop.PeerCount == 0 && node.Streams.Count == 0);
        foreach (var viewer in viewers.Take(3))
        {
            await viewer.DisposeAsync();
        }
    }

    [Test]
    public async Task A_viewer_losing_ten_percent_recovers_through_nack_and_the_others_lose_nothing()
    {
        string chromium = RealParts.Chromium;
        var filter = new LossyLinkFilter { Rate = 0.10 };
        await using var node = await MediaNode.StartAsync(filter);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright, chromium);
        await using var publisher = await LivePage.OpenAsync(browser, node.BaseUrl);
        var (streamId, _) = await BroadcastAsync(node, publisher);

        await using var lossy = await LivePage.OpenAsync(browser, node.BaseUrl);
        await lossy.JoinAsync(node.SessionUrl, streamId);
        await lossy.Page.WaitForFunctionAsync("() => pc.remoteDescription !== null");
        filter.Ufrag = await lossy.Page.EvaluateAsync<string>("nodeUfrag()");
        await using var clean = await LivePage.OpenAsync(browser, node.BaseUrl);
        await clean.JoinAsync(node.SessionUrl, streamId);

        await ExpectPlayingAsync(lossy);
        await ExpectPlayingAsync(clean);
        var before = await lossy.StatsAsync();
        await Task.Delay(TimeSpan.FromSeconds(6));
        var after = await lossy.StatsAsync();
        var cleanStats = await clean.StatsAsync();
        TestContext.Progress.WriteLine($"dropped {filter.Dropped} of {filter.Dropped + filter.Passed}; lossy {after}; clean {cleanStats}");
        Assert.Multiple(() =>
        {
            Assert.That(filter.Dropped, Is.GreaterThan(50), "the filter dropped packets");
            Assert.That(LivePage.Video(after, "nackCount"), Is.GreaterThan(0), "the lossy viewer sent NACKs");
            Assert.That(node.Router.PacketsRetransmitted, Is.GreaterThan(0), "the node answered them from its cache");
            Assert.That(LivePage.Video(after, "framesDecoded") - LivePage.Video(before, "framesDecoded"), Is.GreaterThan(40), "the lossy viewer keeps decoding");
            // At most zero: a keyframe the node sent again at its start (its first came before its receiver was set
            // up) counts as received beyond the expected and makes the figure negative.
            Assert.That(LivePage.Video(cleanStats, "packetsLost"), Is.LessThanOrEqualTo(0), "the clean viewer lost nothing");
            Assert.That(LivePage.Video(cleanStats, "nackCount"), Is.Zero, "the clean viewer needed no repair");
        });
    }

    [Test]
    public async Task A_broadcast_outlives_its_broken_signalling_socket_and_ends_with_its_media()
    {
        string chromium = RealParts.Chromium;
        await using var node = await MediaNode.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright, chromium);
        await using var publisher = await LivePage.OpenAsync(browser, node.BaseUrl);
        var (streamId, liveId) = await BroadcastAsync(node, publisher);

        node.BreakSessions(); // the endpoint the publisher's socket came through dies
        await publisher.WaitForAsync("the publisher's socket broken", s => LivePage.State(s).GetProperty("closed").GetBoolean(), Limit);
        await using var viewer = await LivePage.OpenAsync(browser, node.BaseUrl);
        await viewer.JoinAsync(node.SessionUrl, streamId);
        await ExpectPlayingAsync(viewer);
        Assert.Multiple(() =>
        {
            Assert.That(node.Streams.Count, Is.EqualTo(1), "the stream goes on");
            Assert.That(node.Catalog.Ended, Is.Empty, "its entry is not ended");
        });

        await publisher.Page.EvaluateAsync("() => pc.close()"); // now its media ends
        await viewer.WaitForAsync("ended", s => LivePage.State(s).GetProperty("ended").GetBoolean(), TimeSpan.FromSeconds(40));
        await WaitUntilAsync("the entry marked ended", () => node.Catalog.Ended.Contains(liveId));
    }

    internal static async Task<IBrowser> LaunchAsync(IPlaywright playwright, string chromium) =>
        await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            ChromiumSandbox = false,
            Headless = true,
            Args = LivePage.ChromiumArgs,
        });

    /// <summary>Appendix C: offer, answer, media, LIVE; gives the node's stream id and the catalogue ID.</summary>
    internal static async Task<(string StreamId, string LiveId)> BroadcastAsync(MediaNode node, LivePage publisher)
    {
        await publisher.PublishAsync(node.SessionUrl);
        await publisher.WaitForAsync("the publisher connected", s => s.GetProperty("connectionState").GetString() == "connected", Limit);
        await publisher.GoLiveAsync("Test stream", "from headless Chromium");
        var stats = await publisher.WaitForAsync("LIVE answered", s => LivePage.State(s).GetProperty("liveId").ValueKind == JsonValueKind.String, Limit);
        var liveId = LivePage.State(stats).GetProperty("liveId").GetString()!;
        var created = node.Catalog.Created.Single();
        Assert.That(created.Id, Is.EqualTo(liveId));
        Assert.That(created.Title, Is.EqualTo("Test stream"));
        return (created.StreamId, liveId);
    }

    /// <summary>VP8 at 640 px decoded and growing, and Opus received.</summary>
    internal static async Task ExpectPlayingAsync(LivePage viewer)
    {
        var first = await viewer.WaitForAsync("video decoded", s => LivePage.Video(s, "framesDecoded") > 0, Limit);
        var last = await viewer.WaitForAsync("video keeps decoding", s => LivePage.Video(s, "framesDecoded") >= LivePage.Video(first, "framesDecoded") + 10
            && LivePage.Audio(s, "packetsReceived") > 0, Limit);
        Assert.Multiple(() =>
        {
            Assert.That(last.GetProperty("video").GetProperty("codec").GetString(), Is.EqualTo("video/VP8"));
            Assert.That(LivePage.Video(last, "frameWidth"), Is.EqualTo(640));
            Assert.That(last.GetProperty("audio").GetProperty("codec").GetString(), Is.EqualTo("audio/opus"));
            Assert.That(last.GetProperty("audio").GetProperty("totalSamplesReceived").GetInt64(), Is.GreaterThan(0));
        });
    }

    internal static async Task WaitUntilAsync(string what, Func<bool> done)
    {
        var clock = Stopwatch.StartNew();
        while (!done())
        {
            if (clock.Elapsed > Limit)
            {
                Assert.Fail($"{what}: not within {Limit.TotalSeconds} s");
            }

            await Task.Delay(100);
        }
    }
}
