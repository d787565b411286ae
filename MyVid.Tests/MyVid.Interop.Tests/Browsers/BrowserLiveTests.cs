using System.Text.Json;
using MyVid.Testing;

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

    [TestCase("firefox", "firefox")]
    [TestCase("firefox", "chromium")]
    [TestCase("chromium", "firefox")]
    public async Task A_broadcast_from_one_browser_is_decoded_by_the_other_and_its_end_reaches_the_viewer(string publishing, string watching)
    {
        var origin = InteropNode.Node.BaseUrl;
        await using var publisher = await BrowserPage.OpenLiveAsync(await BrowserAsync(publishing), origin);
        await publisher.NewStreamAsync();
        await publisher.WaitForAsync("the publisher connected", s => s.GetProperty("connectionState").GetString() == "connected", Limit);
        await publisher.GoLiveAsync($"{publishing} to {watching}", "interop: a browser MyVid did not test against");
        var live = await publisher.WaitForAsync("LIVE answered", s => PageStats.State(s).GetProperty("liveId").ValueKind == JsonValueKind.String, Limit);
        var liveId = PageStats.State(live).GetProperty("liveId").GetString()!;

        await using var viewer = await BrowserPage.OpenLiveAsync(await BrowserAsync(watching), origin);
        await viewer.WatchAsync(liveId);
        var sent = await publisher.StatsAsync();
        var last = await viewer.ExpectDecodingAsync($"{publishing} -> {watching}", sent.GetProperty("sent").GetProperty("frameWidth").GetInt32());
        TestContext.Progress.WriteLine($"{publishing} -> {watching}: first frame {PageStats.State(last).GetProperty("firstFrameMs").GetDouble():F0} ms after join");

        await publisher.LeaveAsync();
        await viewer.WaitForAsync("told the stream ended", s => PageStats.State(s).GetProperty("ended").GetBoolean(), Limit);
    }

    private static Task<BrowserDriver> BrowserAsync(string name) => name == "firefox" ? InteropNode.FirefoxAsync() : InteropNode.ChromiumAsync();
}
