using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MyVid.Catalog.Persistence;
using static Microsoft.Playwright.Assertions;

namespace MyVid.Web.Tests;

/// <summary>
/// Go live with Chromium's fake camera in one browser context and watch in another, through the node's own
/// endpoint and media node (Appendices C and D): frames decoded, the live badge, viewer counts, the end.
/// </summary>
[NonParallelizable]
public sealed class LiveTests : BrowserTest
{
    /// <summary>ICE, DTLS and the first keyframe on a shared, busy machine: generous.</summary>
    internal static readonly LocatorAssertionsToHaveTextOptions Slow = new() { Timeout = 30_000 };

    [Test]
    public async Task A_stream_gone_live_in_one_browser_plays_in_another_with_viewers_and_stats()
    {
        var id = await GoLiveAsync(Page, "Fake camera at the bench", "Chromium's test pattern, sent live.");
        var share = Page.Locator(".live-share a");
        await Expect(share).ToHaveAttributeAsync("href", new Regex($"/watch/{id}$"));

        var viewer = await OpenOtherPageAsync();
        await viewer.GotoAsync("/watch/" + id);
        await Expect(viewer.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Fake camera at the bench");
        var player = viewer.Locator("[data-live-player]");
        await Expect(player.Locator(".live-state")).ToHaveTextAsync("Connected", Slow);
        await Expect(player.Locator(".live-badge")).ToBeVisibleAsync();
        var video = player.Locator("video");
        await PollAsync("a picture", () => video.EvaluateAsync<int>("v => v.videoWidth"), w => w > 0, 30);
        var frames = await video.EvaluateAsync<int>("v => v.getVideoPlaybackQuality().totalVideoFrames");
        await PollAsync("frames shown", () => video.EvaluateAsync<int>("v => v.getVideoPlaybackQuality().totalVideoFrames"), f => f > frames + 10, 10);

        // The node reports one viewer; both pages poll the catalogue for it.
        await Expect(player.Locator("[data-viewers]")).ToHaveTextAsync("1 watching", Slow);
        await Expect(Page.Locator("dd[data-viewers]")).ToHaveTextAsync("1 watching", Slow);

        // Stats on demand: frames decoded (from getStats) go up, the bitrate is measured.
        var statsButton = player.GetByRole(AriaRole.Button, new() { Name = "Show stats" });
        await statsButton.ClickAsync();
        await Expect(player.GetByRole(AriaRole.Button, new() { Name = "Hide stats" })).ToHaveAttributeAsync("aria-expanded", "true");
        var decoded = player.Locator(".live-stats div", new() { HasText = "Frames decoded" }).Locator("dd");
        var first = int.Parse(await decoded.TextContentAsync() ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        await PollAsync("frames decoded", async () => int.Parse(await decoded.TextContentAsync() ?? "0", System.Globalization.CultureInfo.InvariantCulture),
            f => f > first, 10);
        await Expect(player.Locator(".live-stats div", new() { HasText = "Bitrate" }).Locator("dd")).ToHaveTextAsync(new Regex(@"\d+(\.\d)? (k|M)bit/s"));
        await ScreenshotsAsync(viewer, "watch-live");
        await ScreenshotsAsync(Page, "go-live-on-air");

        // Home's live strip lists it, however many videos the catalogue holds.
        await viewer.GotoAsync("/");
        await Expect(viewer.Locator(".live-strip").GetByRole(AriaRole.Link, new() { Name = "Fake camera at the bench" })).ToBeVisibleAsync();
        await ScreenshotsAsync(viewer, "home-live");
    }

    [Test]
    public async Task Stopping_the_stream_tells_its_viewers_it_has_ended()
    {
        var id = await GoLiveAsync(Page, "A short stream", "");
        var viewer = await OpenOtherPageAsync();
        await viewer.GotoAsync("/watch/" + id);
        var player = viewer.Locator("[data-live-player]");
        await Expect(player.Locator(".live-state")).ToHaveTextAsync("Connected", Slow);

        await Page.GetByRole(AriaRole.Button, new() { Name = "Stop" }).ClickAsync();
        await Expect(Page.Locator("dd[data-live-state]")).ToHaveTextAsync("Ended");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Go live" })).ToBeEnabledAsync();
        await Expect(player.GetByText("This live stream has ended.")).ToBeVisibleAsync();
        await Expect(player.Locator("video")).ToHaveCountAsync(0);
        await ScreenshotsAsync(viewer, "watch-live-ended");

        // An ended stream leaves the catalogue: no longer on home, its page says so.
        await PollAsync("the stream unlisted", LiveIdsAsync, ids => !ids.Contains(id), 10);
    }

    [Test]
    public async Task What_the_node_says_about_recording_and_errors_is_shown_to_the_broadcaster()
    {
        // The socket to the endpoint passes through the test, which adds recording and error messages a node may send.
        IWebSocketRoute? socket = null;
        await Page.RouteWebSocketAsync(new Regex("/ENDPOINT/"), route =>
        {
            socket = route;
            route.ConnectToServer();
        });
        await GoLiveAsync(Page, "Recorded stream", "");
        var recording = Page.Locator("dd[data-recording]");
        // The node records every stream (Media:Recording) and says so itself.
        await Expect(recording).ToHaveTextAsync("Recording", Slow);
        await Expect(recording).ToHaveAttributeAsync("data-on", "true");
        await ScreenshotsAsync("go-live-recording", phone: false);
        socket!.Send("""{"type":"recording","Recording":false,"Message":"the object store is full"}""");
        await Expect(recording).ToHaveTextAsync("Not recording: the object store is full");
        socket.Send("""{"type":"error","message":"viewer limit reached"}""");
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("viewer limit reached");
        await Expect(Page.Locator("dd[data-live-state]")).ToHaveTextAsync("Live");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Stop" }).ClickAsync();
        await Expect(Page.Locator("dd[data-live-state]")).ToHaveTextAsync("Ended");
    }

    [Test]
    public async Task A_viewer_whose_connection_drops_reconnects_and_plays_again()
    {
        var id = await GoLiveAsync(Page, "A stream with a shaky viewer", "");
        var viewer = await OpenOtherPageAsync();
        var sockets = new List<(IWebSocketRoute Page, IWebSocketRoute Server)>();
        await viewer.RouteWebSocketAsync(new Regex("/ENDPOINT/"), route => sockets.Add((route, route.ConnectToServer())));
        await viewer.GotoAsync("/watch/" + id);
        var player = viewer.Locator("[data-live-player]");
        await Expect(player.Locator(".live-state")).ToHaveTextAsync("Connected", Slow);

        // The signalling socket drops (both sides: the node ends the session), so the page must join again.
        var (page, server) = sockets.Single();
        await server.CloseAsync(new() { Code = 1001, Reason = "endpoint restarting" });
        await page.CloseAsync(new() { Code = 1001, Reason = "endpoint restarting" });
        await Expect(player).ToHaveAttributeAsync("data-state", "reconnecting");
        await Expect(player.Locator(".live-state")).ToHaveTextAsync("Connected", Slow);
        Assert.That(sockets, Has.Count.EqualTo(2), "one new join");
        var video = player.Locator("video");
        var frames = await video.EvaluateAsync<int>("v => v.getVideoPlaybackQuality().totalVideoFrames");
        await PollAsync("frames after the reconnect", () => video.EvaluateAsync<int>("v => v.getVideoPlaybackQuality().totalVideoFrames"), f => f > frames + 10, 15);
    }

    [Test]
    public async Task An_empty_title_is_refused_with_a_message_and_the_form_stays_usable()
    {
        var asked = new List<string>();
        Page.Request += (_, request) => asked.Add(new Uri(request.Url).AbsolutePath);
        await Page.GotoAsync("/live");
        await Expect(Page.Locator("video.live-preview")).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Go live" }).ClickAsync();
        var title = Page.GetByLabel("Title", new() { Exact = true });
        await Expect(Page.Locator("#live-title-error")).ToHaveTextAsync("Give the stream a title.");
        await Expect(title).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(title).ToBeFocusedAsync();
        await Expect(Page.Locator("dd[data-live-state]")).ToHaveTextAsync("Not live");
        await ScreenshotsAsync("go-live-empty-title");

        // Typing clears the message; the button still works.
        await title.FillAsync("   ");
        await Expect(Page.Locator("#live-title-error")).ToBeHiddenAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Go live" }).ClickAsync();
        await Expect(Page.Locator("#live-title-error")).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Go live" })).ToBeEnabledAsync();
        Assert.That(asked, Has.None.StartsWith("/API/NEWSTREAM"), "nothing was sent");
    }

    [Test]
    public async Task The_go_live_page_offers_the_fake_devices_with_a_preview_and_is_labelled()
    {
        await Page.GotoAsync("/live");
        await Expect(Page).ToHaveTitleAsync("Go live – MyVid");
        var preview = Page.Locator("video.live-preview");
        await PollAsync("the camera preview", () => preview.EvaluateAsync<int>("v => v.videoWidth"), w => w > 0, 15);
        Assert.That(await Page.GetByLabel("Camera", new() { Exact = true }).Locator("option").CountAsync(), Is.GreaterThan(0));
        Assert.That(await Page.GetByLabel("Microphone", new() { Exact = true }).Locator("option").CountAsync(), Is.GreaterThan(0));
        await Expect(Page.GetByLabel("Description (optional)")).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Go live" })).ToHaveAttributeAsync("aria-current", "page");
        await Page.GetByLabel("Title", new() { Exact = true }).FillAsync("My first stream");
        await ScreenshotsAsync("go-live");
        await Page.EvaluateAsync("() => document.documentElement.dataset.theme = 'dark'");
        await ScreenshotsAsync("go-live-dark", phone: false);
    }

    [Test]
    public async Task A_live_entry_its_node_does_not_know_says_the_stream_is_not_live()
    {
        var endpoint = await NewStreamEndpointAsync();
        var entry = WebSite.NewVideo(VideoKind.WebRtc, "A stream the node forgot", "");
        entry.ControlUrl = WebSite.Url("/ENDPOINT/" + endpoint).AbsoluteUri;
        entry.StreamId = "no-such-stream";
        await using (var scope = WebSite.Node.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            db.Videos.Add(entry);
            await db.SaveChangesAsync();
        }
        await Page.GotoAsync("/watch/" + entry.Id);
        var alert = Page.Locator("[data-live-player]").GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("This stream is not live.", new() { Timeout = 15_000 });
        await Expect(Page.Locator("[data-live-player]")).ToHaveAttributeAsync("data-state", "unknown");
    }

    [Test]
    public async Task The_go_live_page_weighs_little()
    {
        await Page.GotoAsync("/live");
        await Expect(Page.Locator("video.live-preview")).ToBeVisibleAsync();
        Assert.That(await TransferredBytesAsync("go live page"), Is.LessThan(40 * 1024));
    }

    /// <summary>Opens /live, fills the form, goes live; answers the live ID the page shows.</summary>
    internal static async Task<string> GoLiveAsync(IPage page, string title, string description)
    {
        await page.GotoAsync("/live");
        var preview = page.Locator("video.live-preview");
        await PollAsync("the camera preview", () => preview.EvaluateAsync<int>("v => v.videoWidth"), w => w > 0, 15);
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync(title);
        await page.GetByLabel("Description (optional)").FillAsync(description);
        await page.GetByRole(AriaRole.Button, new() { Name = "Go live" }).ClickAsync();
        await Expect(page.Locator("dd[data-live-state]")).ToHaveTextAsync("Live", Slow);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Stop" })).ToBeVisibleAsync();
        var id = await page.Locator("dd[data-live-id]").TextContentAsync() ?? "";
        Assert.That(id, Does.Match("^[A-Za-z0-9]+$"));
        return id;
    }

    private static async Task<string[]> LiveIdsAsync()
    {
        using var response = await WebSite.Node.Http.PostAsJsonAsync("/API/VIDEO/", new { Type = "WebRTC" });
        var list = await response.Content.ReadFromJsonAsync<JsonElement[]>();
        return list!.Select(v => v.GetProperty("ID").GetString()!).ToArray();
    }

    private static async Task<string> NewStreamEndpointAsync()
    {
        var json = await WebSite.Node.Http.GetFromJsonAsync<JsonElement>("/API/NEWSTREAM/");
        return json.GetProperty("Endpoint").GetString()!;
    }
}
