using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MyVid.Web.Tests;

/// <summary>Watch: a CCC talk at its CDN URL, a stored video that really plays and seeks, live and unknown entries.</summary>
public sealed class WatchTests : BrowserTest
{
    private ILocator Heading => Page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    [Test]
    public async Task A_CCC_talk_found_by_search_shows_its_title_description_and_the_CDN_url()
    {
        await OpenAsync("/search?q=kde+neon");
        await Page.GetByRole(AriaRole.Link, new() { Name = "KDE Neon", Exact = true }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/watch/CCC"));
        var id = Page.Url[(Page.Url.LastIndexOf('/') + 1)..];
        using var details = JsonDocument.Parse(await WebSite.Node.Http.GetStringAsync($"/API/VIDEO/{id}"));

        await Expect(Heading).ToHaveTextAsync("KDE Neon");
        await Expect(Page).ToHaveTitleAsync("KDE Neon – MyVid");
        var video = Page.Locator("video");
        // The CDN cannot be reached from here: the element carries the catalogue's URL.
        Assert.That(await video.GetAttributeAsync("src"), Is.EqualTo(details.RootElement.GetProperty("URL").GetString()));
        Assert.That(await video.GetAttributeAsync("src"), Does.StartWith("https://cdn.media.ccc.de/"));
        Assert.That(await video.GetAttributeAsync("controls"), Is.Not.Null);
        await Expect(Page.Locator(".watch-meta time")).ToHaveTextAsync("25:53");
        await Expect(Page.Locator(".watch-description")).ToContainTextAsync("KDE Neon is a relatively new KDE project");
        await Expect(Page.Locator(".watch-aside .card").First).ToBeVisibleAsync();
    }

    [Test]
    public async Task A_video_in_the_local_store_plays_and_seeks()
    {
        await OpenAsync("/watch/" + WebSite.Stored.Id);
        await Expect(Heading).ToHaveTextAsync(WebSite.Stored.Title);
        var video = Page.Locator("video");
        Assert.That(await video.GetAttributeAsync("src"), Does.StartWith(WebSite.Url("/objects/").AbsoluteUri));
        // Line breaks of the description are kept.
        var description = await Page.Locator(".watch-description").InnerTextAsync();
        Assert.That(description, Does.Contain("tests.\nIt plays"));
        await Expect(Page.Locator(".watch-meta time")).ToHaveTextAsync("00:08");

        var played = await video.EvaluateAsync<double>(
            """
            async v => {
              v.muted = true;
              await v.play();
              const start = performance.now();
              while (v.currentTime < 1 && performance.now() - start < 10000) await new Promise(r => setTimeout(r, 50));
              return v.currentTime;
            }
            """);
        Assert.That(played, Is.GreaterThanOrEqualTo(1), "currentTime did not advance");

        var seek = await video.EvaluateAsync<JsonElement>(
            """
            async v => {
              const middle = v.duration / 2;
              const seeked = new Promise(r => v.addEventListener('seeked', r, { once: true }));
              v.currentTime = middle;
              await seeked;
              const at = v.currentTime;
              const start = performance.now();
              while (v.currentTime < at + 0.5 && performance.now() - start < 10000) await new Promise(r => setTimeout(r, 50));
              v.pause();
              return { duration: v.duration, middle, at, later: v.currentTime, error: v.error?.code ?? 0 };
            }
            """);
        Assert.Multiple(() =>
        {
            Assert.That(seek.GetProperty("duration").GetDouble(), Is.EqualTo(TestMedia.Seconds).Within(0.2));
            Assert.That(seek.GetProperty("at").GetDouble(), Is.EqualTo(seek.GetProperty("middle").GetDouble()).Within(0.3));
            Assert.That(seek.GetProperty("later").GetDouble(), Is.GreaterThan(seek.GetProperty("at").GetDouble()), "it plays on after the seek");
            Assert.That(seek.GetProperty("error").GetInt32(), Is.Zero);
        });
        await Expect(Page.Locator(".player-note")).ToBeEmptyAsync();
        await ScreenshotsAsync("watch");
    }

    [Test]
    public async Task A_live_stream_whose_node_is_gone_reconnects_with_growing_waits()
    {
        await OpenAsync("/watch/" + WebSite.Live.Id);
        await Expect(Heading).ToHaveTextAsync(WebSite.Live.Title);
        var player = Page.Locator("[data-live-player]");
        await Expect(player.Locator(".live-badge")).ToHaveTextAsync("Live");
        await Expect(player.GetByRole(AriaRole.Status)).ToContainTextAsync("Reconnecting in 1 s");
        await Expect(player.GetByRole(AriaRole.Status)).ToContainTextAsync("Reconnecting in 2 s");
        await Expect(player).ToHaveAttributeAsync("data-state", "reconnecting");
        await ScreenshotsAsync("watch-live-reconnecting");
    }

    [Test]
    public async Task An_unknown_id_says_the_video_is_not_found()
    {
        await OpenAsync("/watch/CCCnotThere1");
        await Expect(Heading).ToHaveTextAsync("Video not found");
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("There is no public video with ID 'CCCnotThere1'.");
        await Expect(Page).ToHaveTitleAsync("Video not found – MyVid");
        await ScreenshotsAsync("watch-not-found");
    }

    [Test]
    public async Task The_stored_video_is_reachable_from_home_by_keyboard_alone()
    {
        await OpenAsync("/");
        var link = Page.GetByRole(AriaRole.Link, new() { Name = WebSite.Stored.Title });
        await Expect(link).ToBeVisibleAsync();
        for (var i = 0; i < 200 && !await link.EvaluateAsync<bool>("l => l === document.activeElement"); i++)
        {
            await Page.Keyboard.PressAsync("Tab");
        }
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Heading).ToHaveTextAsync(WebSite.Stored.Title);
        await Expect(Page.Locator("main")).ToBeFocusedAsync();
    }
}
