using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MyVid.Web.Tests;

/// <summary>The page shell: keyboard use, themes, the phone layout and unknown pages.</summary>
public sealed class ShellTests : BrowserTest
{
    private ILocator SearchBox => Page.GetByRole(AriaRole.Searchbox, new() { Name = "Search videos" });

    [Test]
    public async Task The_slash_key_focuses_the_search_box()
    {
        await OpenAsync("/watch/" + WebSite.Stored.Id);
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        await Page.Locator("body").ClickAsync(new() { Position = new Position { X = 5, Y = 300 } });
        await Page.Keyboard.PressAsync("/");
        await Expect(SearchBox).ToBeFocusedAsync();
        await Expect(SearchBox).ToHaveValueAsync("");
        await Page.Keyboard.TypeAsync("kde");
        await Expect(Page).ToHaveURLAsync(new Regex(@"/search\?q=kde$"));
    }

    [Test]
    public async Task The_first_tab_reaches_the_skip_link_which_moves_to_the_content()
    {
        await OpenAsync("/");
        await Page.Keyboard.PressAsync("Tab");
        var skip = Page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" });
        await Expect(skip).ToBeFocusedAsync();
        await Expect(skip).ToBeInViewportAsync();
        var outline = await skip.EvaluateAsync<string>("e => getComputedStyle(e).outlineStyle");
        Assert.That(outline, Is.EqualTo("solid"), "focus is visible");
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.Locator("main")).ToBeFocusedAsync();
    }

    [Test]
    public async Task The_theme_toggle_switches_to_dark_and_is_remembered()
    {
        await OpenAsync("/");
        var toggle = Page.GetByRole(AriaRole.Button, new() { Name = "Dark theme" });
        await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "false");
        var light = await BackgroundAsync();
        await toggle.ClickAsync();
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "true");
        Assert.That(await BackgroundAsync(), Is.Not.EqualTo(light));

        await Page.ReloadAsync();
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        await Expect(Page.Locator(".grid .card").First).ToBeVisibleAsync();
        await ScreenshotsAsync("home-dark");
        await toggle.ClickAsync();
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("data-theme", "light");
        Assert.That(await BackgroundAsync(), Is.EqualTo(light));
    }

    [Test]
    public async Task A_dark_system_gets_the_dark_theme_without_choosing()
    {
        await Page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await OpenAsync("/");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Dark theme" })).ToHaveAttributeAsync("aria-pressed", "true");
        Assert.That(await BackgroundAsync(), Is.EqualTo("rgb(15, 16, 20)"));
    }

    [Test]
    public async Task On_a_phone_nothing_overflows_sideways()
    {
        await Page.SetViewportSizeAsync(PhoneWidth, PhoneHeight);
        foreach (var path in new[] { "/", "/search?q=linux", "/search?q=" + new string('w', 300), "/watch/" + WebSite.Stored.Id, "/watch/" + WebSite.Live.Id, "/watch/CCCnotThere1" })
        {
            await OpenAsync(path);
            await Expect(Page.Locator("main h1")).ToBeVisibleAsync();
            await Page.WaitForTimeoutAsync(300);
            var overflow = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            Assert.That(overflow, Is.Zero, path);
            await Expect(SearchBox).ToBeInViewportAsync();
        }
    }

    [Test]
    public async Task An_unknown_page_answers_404_and_says_page_not_found()
    {
        var response = await OpenAsync("/no/such/page");
        Assert.That(response!.Status, Is.EqualTo(404));
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Page not found");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Go home" }).ClickAsync();
        await Expect(Page.Locator(".grid .card").First).ToBeVisibleAsync();
        PageErrors.RemoveAll(e => e.Contains("404", StringComparison.Ordinal));
    }

    private Task<string> BackgroundAsync() => Page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
}
