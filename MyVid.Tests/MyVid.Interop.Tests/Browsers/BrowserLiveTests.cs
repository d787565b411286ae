using System.Text.Json;

namespace MyVid.Interop.Tests.Browsers;

/// <summary>
/// Firefox ESR (over WebDriver BiDi) publishing through design Appendix C and watching through Appendix D, alone and
/// with Chromium on the other end: the same test page the Media module's Chromium tests use, only the browser differs.
/// Firefox has no H.264 here, so both sides agree on VP8 and Opus.
/// </summary>
[NonParallelizable]
public sealed class BrowserLiveTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly Dictionary<string, BrowserDriver> _browsers = [];

    [OneTimeSetUp]
    public async Task LaunchAsync()
    {
        _browsers["firefox"] = await BrowserDriver.LaunchFirefoxAsync();
        _browsers["chromium"] = await BrowserDriver.LaunchChromiumAsync();
    }

    [OneTimeTearDown]
    public async Task CloseAsync()
    {
        foreach (var browser in _browsers.Values)
        {
            await browser.DisposeAsync();
        }
    }

    [TestCase("firefox", "firefox")]
    [TestCase("firefox", "chromium")]
    [TestCase("chromium", "firefox")]
    public async Task A_broadcast_from_one_browser_is_decoded_by_the_other_and_its_end_reaches_the_viewer(string publishing, string watching)
    {
        var origin = InteropNode.Node.BaseUrl;
        await using var publisher = await BrowserPage.OpenLiveAsync(_browsers[publishing], origin);
        await publisher.NewStreamAsync();
        await publisher.WaitForAsync("the publisher connected", s => s.GetProperty("connectionState").GetString() == "connected", Limit);
        await publisher.GoLiveAsync($"{publishing} to {watching}", "interop: a browser MyVid did not test against");
        var live = await publisher.WaitForAsync("LIVE answered", s => BrowserPage.State(s).GetProperty("liveId").ValueKind == JsonValueKind.String, Limit);
        var liveId = BrowserPage.State(live).GetProperty("liveId").GetString()!;

        await using var viewer = await BrowserPage.OpenLiveAsync(_browsers[watching], origin);
        await viewer.WatchAsync(liveId);
        var first = await viewer.WaitForAsync("video decoded", s => BrowserPage.Video(s, "framesDecoded") > 0, Limit);
        // A second's worth of frames and audio packets more: media keeps flowing, not one keyframe.
        var last = await viewer.WaitForAsync("video keeps decoding and audio arrives",
            s => BrowserPage.Video(s, "framesDecoded") >= BrowserPage.Video(first, "framesDecoded") + 20 && BrowserPage.Audio(s, "packetsReceived") >= 50, Limit);
        var sent = await publisher.StatsAsync();
        TestContext.Progress.WriteLine($"{publishing} -> {watching}: first frame {BrowserPage.State(last).GetProperty("firstFrameMs").GetDouble():F0} ms after join; "
            + $"{last.GetProperty("video")} {last.GetProperty("audio")}");
        Assert.Multiple(() =>
        {
            Assert.That(last.GetProperty("video").GetProperty("codec").GetString(), Is.EqualTo("video/VP8"));
            Assert.That(last.GetProperty("audio").GetProperty("codec").GetString(), Is.EqualTo("audio/opus"));
            Assert.That(BrowserPage.Video(last, "frameWidth"), Is.EqualTo(sent.GetProperty("sent").GetProperty("frameWidth").GetInt32()),
                "the viewer decodes the picture the publisher encodes");
        });

        await publisher.LeaveAsync();
        await viewer.WaitForAsync("told the stream ended", s => BrowserPage.State(s).GetProperty("ended").GetBoolean(), Limit);
    }
}
