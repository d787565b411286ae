using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MyVid.Web.Tests;

/// <summary>Search as you type: highlighted words, the query in the URL, paging, empty and error states.</summary>
public sealed class SearchTests : BrowserTest
{
    private ILocator SearchBox => Page.GetByRole(AriaRole.Searchbox, new() { Name = "Search videos" });

    private ILocator Results => Page.Locator(".results > li");

    [Test]
    public async Task Typing_finds_an_imported_CCC_talk_marks_the_word_and_keeps_the_query_in_the_url()
    {
        await OpenAsync("/");
        await SearchBox.PressSequentiallyAsync("néon", new() { Delay = 60 });
        await Expect(Page).ToHaveURLAsync(new Regex(@"/search\?q=n%C3%A9on$"));
        var neon = Results.Filter(new() { Has = Page.GetByRole(AriaRole.Link, new() { Name = "KDE Neon", Exact = true }) });
        await Expect(neon).ToHaveCountAsync(1);
        // Accent- and case-insensitive: "néon" marks "Neon" in the title and in the description.
        await Expect(neon.Locator(".card-title mark")).ToHaveTextAsync("Neon");
        await Expect(neon.Locator(".card-description mark").First).ToHaveTextAsync("Neon");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Results for “néon”");
        await Expect(Page).ToHaveTitleAsync("néon – Search – MyVid");

        await Page.ReloadAsync();
        await Expect(SearchBox).ToHaveValueAsync("néon");
        await Expect(neon.Locator(".card-title mark")).ToHaveTextAsync("Neon");
    }

    [Test]
    public async Task Back_and_forward_go_between_searches_a_video_and_home()
    {
        await OpenAsync("/");
        await SearchBox.FillAsync("kde");
        await SearchBox.PressAsync("Enter");
        await Expect(Page).ToHaveURLAsync(new Regex(@"/search\?q=kde$"));
        await Expect(Results.First).ToBeVisibleAsync();
        await ScreenshotsAsync("search");
        await Page.GetByRole(AriaRole.Link, new() { Name = "KDE Neon", Exact = true }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/watch/"));
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("KDE Neon");
        await Expect(SearchBox).ToHaveValueAsync("");

        await Page.GoBackAsync();
        await Expect(Page).ToHaveURLAsync(new Regex(@"/search\?q=kde$"));
        await Expect(SearchBox).ToHaveValueAsync("kde");
        await Expect(Results.First).ToBeVisibleAsync();
        await Page.GoBackAsync();
        await Expect(Page).ToHaveURLAsync(WebSite.Url("/").AbsoluteUri);
        await Expect(Page.Locator(".grid .card").First).ToBeVisibleAsync();
        await Page.GoForwardAsync();
        await Expect(Page).ToHaveURLAsync(new Regex(@"/search\?q=kde$"));
        await Expect(Page.Locator(".card-title mark").First).ToHaveTextAsync("kde", new() { IgnoreCase = true });
    }

    [Test]
    public async Task An_answer_for_an_older_query_that_arrives_late_is_ignored()
    {
        var slowAnswered = new TaskCompletionSource();
        await Page.RouteAsync("**/API/VIDEO/", async route =>
        {
            if (route.Request.PostData?.Contains("linux", StringComparison.Ordinal) == true)
            {
                await Task.Delay(1500);
                await route.ContinueAsync();
                slowAnswered.TrySetResult();
                return;
            }
            await route.ContinueAsync();
        });
        await OpenAsync("/search");
        await SearchBox.FillAsync("linux");
        await Page.WaitForRequestAsync(r => r.PostData?.Contains("linux", StringComparison.Ordinal) == true);
        await SearchBox.FillAsync("kde");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Results for “kde”");
        await slowAnswered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Page.WaitForTimeoutAsync(300);
        var marks = await Page.Locator(".results mark").AllTextContentsAsync();
        Assert.That(marks, Is.Not.Empty);
        Assert.That(marks.Select(m => m.ToUpperInvariant()), Has.All.EqualTo("KDE"));
        await Expect(Page).ToHaveURLAsync(new Regex(@"/search\?q=kde$"));
    }

    [Test]
    public async Task More_results_come_a_page_at_a_time_until_the_last()
    {
        await OpenAsync("/search?q=linux");
        var more = Page.GetByRole(AriaRole.Button, new() { Name = "More results" });
        await Expect(Results).ToHaveCountAsync(12);
        await Expect(Page.Locator(".result-count")).ToHaveTextAsync("12+ videos");
        await more.ClickAsync();
        await Expect(Results).ToHaveCountAsync(24);
        await more.ClickAsync();
        await Expect(more).ToBeHiddenAsync();
        var total = await Results.CountAsync();
        Assert.That(total, Is.InRange(25, 36));
        await Expect(Page.Locator(".result-count")).ToHaveTextAsync($"{total} videos");
        var titles = await Page.Locator(".results .card-title").AllTextContentsAsync();
        Assert.That(titles, Is.Unique);
    }

    [Test]
    public async Task A_search_without_results_says_so()
    {
        await OpenAsync("/search?q=xylophonequartz");
        await Expect(Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "No videos match “xylophonequartz”." })).ToBeVisibleAsync();
        await Expect(Results).ToHaveCountAsync(0);
        await ScreenshotsAsync("search-empty");
    }

    [Test]
    public async Task One_letter_asks_for_more_instead_of_showing_unrelated_videos()
    {
        await OpenAsync("/");
        await SearchBox.PressSequentiallyAsync("k");
        await Expect(Page).ToHaveURLAsync(new Regex(@"/search\?q=k$"));
        await Expect(Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Words of two letters or more are searched." })).ToBeVisibleAsync();
        await Expect(Results).ToHaveCountAsync(0);
        await SearchBox.PressSequentiallyAsync("de");
        await Expect(Page).ToHaveURLAsync(new Regex(@"/search\?q=kde$"));
        await Expect(Results.First).ToBeVisibleAsync();
    }

    [Test]
    public async Task An_over_long_search_shows_the_servers_message_and_the_next_search_works()
    {
        await OpenAsync("/");
        await SearchBox.FillAsync(new string('a', 300));
        await SearchBox.PressAsync("Enter");
        var alert = Page.GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("Invalid request");
        await Expect(alert).ToContainTextAsync("The length of 'Search' must be 200 characters or fewer. You entered 300 characters.");
        await ScreenshotsAsync("search-error");

        await SearchBox.FillAsync("kde");
        await Expect(Results.First).ToBeVisibleAsync();
        await Expect(alert).ToHaveCountAsync(0);
    }

    [Test]
    public async Task Search_text_is_shown_as_text_never_as_markup()
    {
        const string text = "<img src=x onerror=alert(1)> kde";
        await OpenAsync("/search?q=" + Uri.EscapeDataString(text));
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Results for “{text}”");
        await Expect(Page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"No videos match “{text}”." })).ToBeVisibleAsync();
        await Expect(Page.Locator("main img[src='x']")).ToHaveCountAsync(0);
    }
}
