using System.Text.Json;
using MyVid.Interop.Tests.Browsers;
using MyVid.Interop.Tests.Clients;
using MyVid.Testing;

namespace MyVid.Interop.Tests.Whip;

/// <summary>
/// WHIP (RFC 9725) and WHEP with clients MyVid did not write: GStreamer's webrtcbin, werift and the whip-whep npm
/// package's browser clients publish; werift, whip-whep in Chromium and Firefox, and Firefox through Appendix D watch.
/// Every test counts what arrives (decoded frames, RTP packets), not only the 201s.
/// </summary>
[NonParallelizable]
public sealed class WhipInteropTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Test]
    public async Task GStreamer_publishes_over_WHIP_Firefox_decodes_it_through_Appendix_D_and_werift_counts_it_over_WHEP()
    {
        var title = "GStreamer " + Guid.NewGuid().ToString("N")[..8];
        var firefoxBrowser = await InteropNode.FirefoxAsync();
        await using var gstreamer = await WhipClient.GStreamerPublisherAsync(WhipUrl(title), await InteropNode.Node.CreateStreamKeyAsync("GStreamer"));
        await gstreamer.WaitForAsync("connected", m => m.TryGetProperty("connection", out var state) && state.GetString() == "connected");
        var id = await InteropNode.LiveIdAsync(title);

        await using var firefox = await BrowserPage.OpenLiveAsync(firefoxBrowser, InteropNode.Node.BaseUrl);
        await firefox.WatchAsync(id);
        await firefox.ExpectDecodingAsync("GStreamer -> Firefox (Appendix D)", 320);

        await using var werift = await WhipClient.WeriftPlayerAsync(WhepUrl(id));
        var received = await ExpectReceivingAsync(werift);
        var sent = await ExpectSendingAsync(gstreamer);
        TestContext.Progress.WriteLine($"GStreamer sent {sent}; werift received {received}");

        Assert.That(await werift.EndAsync(), Is.EqualTo(200), "DELETE of the WHEP session");
        Assert.That(await gstreamer.EndAsync(), Is.EqualTo(200), "DELETE of the WHIP session");
        await firefox.WaitForAsync("told the stream ended", s => PageStats.State(s).GetProperty("ended").GetBoolean(), Limit);
    }

    [Test]
    public async Task Werift_publishes_over_WHIP_and_Chromium_decodes_it_with_the_whip_whep_WHEP_client()
    {
        var title = "werift " + Guid.NewGuid().ToString("N")[..8];
        var chromiumBrowser = await InteropNode.ChromiumAsync();
        await using var werift = await WhipClient.WeriftPublisherAsync(WhipUrl(title), await InteropNode.Node.CreateStreamKeyAsync("werift"));
        var id = await InteropNode.LiveIdAsync(title);

        await using var chromium = await BrowserPage.OpenWhipWhepAsync(chromiumBrowser, InteropNode.Node.BaseUrl);
        var session = await chromium.WhepViewAsync(WhepUrl(id));
        Assert.That(session.AbsolutePath, Does.StartWith($"/whep/{id}/"));
        await chromium.ExpectDecodingAsync("werift -> Chromium (whip-whep WHEPClient)", 320);
        var sent = await ExpectSendingAsync(werift);
        TestContext.Progress.WriteLine($"werift sent {sent}");

        await chromium.WhipWhepStopAsync();
        Assert.That(await werift.EndAsync(), Is.EqualTo(200), "DELETE of the WHIP session");
    }

    [Test]
    public async Task Chromium_publishes_with_the_whip_whep_WHIP_client_werift_counts_it_and_Firefox_decodes_it_with_the_WHEP_client()
    {
        var title = "whip-whep " + Guid.NewGuid().ToString("N")[..8];
        var firefoxBrowser = await InteropNode.FirefoxAsync();
        await using var chromium = await BrowserPage.OpenWhipWhepAsync(await InteropNode.ChromiumAsync(), InteropNode.Node.BaseUrl);
        // whip-whep sends its offer without candidates and trickles them with PATCH.
        var session = await chromium.WhipPublishAsync(WhipUrl(title), await InteropNode.Node.CreateStreamKeyAsync("whip-whep"));
        Assert.That(session.AbsolutePath, Does.StartWith("/whip/"));
        var id = await InteropNode.LiveIdAsync(title);

        await using var werift = await WhipClient.WeriftPlayerAsync(WhepUrl(id));
        await ExpectReceivingAsync(werift);
        await using var firefox = await BrowserPage.OpenWhipWhepAsync(firefoxBrowser, InteropNode.Node.BaseUrl);
        await firefox.WhepViewAsync(WhepUrl(id));
        var sent = await chromium.StatsAsync();
        await firefox.ExpectDecodingAsync("Chromium (whip-whep WHIPClient) -> Firefox (whip-whep WHEPClient)", sent.GetProperty("sent").GetProperty("frameWidth").GetInt32());

        Assert.That(await chromium.RequestStatusesAsync("PATCH"), Is.Not.Empty.And.All.EqualTo(204), "whip-whep's trickled candidates, taken");

        Assert.That(await werift.EndAsync(), Is.EqualTo(200), "DELETE of the WHEP session");
        await firefox.WhipWhepStopAsync();
        await chromium.WhipWhepStopAsync();
        Assert.That(await chromium.RequestStatusesAsync("DELETE"), Is.EqualTo(new[] { 200 }), "whip-whep's DELETE of the WHIP session");
    }

    private static Uri WhipUrl(string title) => InteropNode.Url("/whip?title=" + Uri.EscapeDataString(title));

    private static Uri WhepUrl(string id) => InteropNode.Url("/whep/" + id);

    /// <summary>A publisher's own counts once it sent ≥ 2 s of video packets and 1 s of audio packets.</summary>
    private static async Task<JsonElement> ExpectSendingAsync(WhipClient publisher)
    {
        var report = await publisher.WaitForAsync("VP8 and Opus packets sent", m =>
            m.TryGetProperty("sent", out var s) && s.GetProperty("video").GetInt32() >= 60 && s.GetProperty("audio").GetInt32() >= 50);
        return report.GetProperty("sent").Clone();
    }

    /// <summary>werift's counts once a few seconds of media came: ≥ 2 s of frames, a keyframe, 1 s of audio packets.</summary>
    private static async Task<JsonElement> ExpectReceivingAsync(WhipClient player)
    {
        var report = await player.WaitForAsync("VP8 frames with a keyframe and Opus packets", m =>
            m.TryGetProperty("received", out var r)
            && r.GetProperty("video").GetProperty("frames").GetInt32() >= 60
            && r.GetProperty("video").GetProperty("keyframes").GetInt32() >= 1
            && r.GetProperty("audio").GetProperty("packets").GetInt32() >= 50);
        return report.GetProperty("received").Clone();
    }
}
