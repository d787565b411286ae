using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MyVid.Web.Tests;

/// <summary>Home: the live strip and a grid of random videos with previews, titles and durations.</summary>
public sealed class HomeTests : BrowserTest
{
    [Test]
    public async Task Home_shows_a_grid_of_catalogue_videos_with_titles_and_durations()
    {
        await OpenAsync("/");
        var cards = Page.Locator(".grid .card");
        await Expect(cards.First).ToBeVisibleAsync();
        Assert.That(await cards.CountAsync(), Is.GreaterThan(20));
        await Expect(Page.Locator(".grid .card-title", new() { HasText = "KDE Neon" })).ToBeVisibleAsync();
        var durations = await Page.Locator(".grid .duration").AllTextContentsAsync();
        Assert.That(durations, Is.Not.Empty);
        Assert.That(durations, Has.All.Match(@"^(\d+:)?\d{2}:\d{2}$"));
        // KDE Neon lasts 1553 s in the catalogue.
        var neon = Page.Locator(".grid .card", new() { Has = Page.GetByRole(AriaRole.Link, new() { Name = "KDE Neon", Exact = true }) });
        await Expect(neon.Locator(".duration")).ToHaveTextAsync("25:53");
        await Expect(Page).ToHaveTitleAsync("MyVid");
    }

    [Test]
    public async Task The_live_strip_shows_live_streams_above_the_grid()
    {
        await OpenAsync("/");
        var strip = Page.Locator(".live-strip");
        await Expect(strip).ToBeVisibleAsync();
        await Expect(strip.GetByRole(AriaRole.Heading, new() { Name = "Live now" })).ToBeVisibleAsync();
        await Expect(strip.GetByRole(AriaRole.Link, new() { Name = WebSite.Live.Title })).ToBeVisibleAsync();
        await Expect(strip.Locator(".live-badge")).ToHaveTextAsync("Live");
        await Expect(Page.Locator(".grid").GetByText(WebSite.Live.Title)).ToHaveCountAsync(0);
        await ScreenshotsAsync("home");
    }

    [Test]
    public async Task A_preview_that_loads_is_shown_and_one_that_fails_leaves_the_placeholder()
    {
        await OpenAsync("/");
        var stored = Page.Locator(".card", new() { Has = Page.GetByRole(AriaRole.Link, new() { Name = WebSite.Stored.Title }) });
        await stored.ScrollIntoViewIfNeededAsync();
        await Expect(stored.Locator(".thumb")).ToHaveClassAsync(new Regex(@"\bloaded\b"));
        Assert.That(await stored.Locator("img").EvaluateAsync<int>("i => i.naturalWidth"), Is.EqualTo(640));

        // CCC previews are on a CDN this machine cannot reach: never a broken image, the placeholder stays.
        var neon = Page.Locator(".card", new() { Has = Page.GetByRole(AriaRole.Link, new() { Name = "KDE Neon", Exact = true }) });
        await neon.ScrollIntoViewIfNeededAsync();
        await Page.WaitForTimeoutAsync(500);
        await Expect(neon.Locator(".thumb")).Not.ToHaveClassAsync(new Regex(@"\bloaded\b"));
        var visibleImages = await neon.Locator(".thumb img").EvaluateAllAsync<int>("images => images.filter(i => getComputedStyle(i).opacity !== '0').length");
        Assert.That(visibleImages, Is.Zero);
        Assert.That(await neon.Locator(".thumb").EvaluateAsync<string>("t => getComputedStyle(t).backgroundImage"), Does.Contain("gradient"));
    }

    [Test]
    public async Task The_home_page_weighs_little()
    {
        await OpenAsync("/");
        await Expect(Page.Locator(".grid .card").First).ToBeVisibleAsync();
        Assert.That(await TransferredBytesAsync("home page"), Is.LessThan(40 * 1024));
    }

    [Test]
    public async Task Shuffle_draws_the_grid_again()
    {
        await OpenAsync("/");
        await Expect(Page.Locator(".grid .card").First).ToBeVisibleAsync();
        var request = Page.WaitForRequestAsync(r => r.Url.EndsWith("/API/VIDEO/", StringComparison.Ordinal) && r.Method == "POST");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Shuffle" }).ClickAsync();
        await request;
        await Expect(Page.Locator(".grid .card").First).ToBeVisibleAsync();
    }
}
