using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MyVid.Web.Tests;

/// <summary>
/// Upload end to end in Chromium against the embedded node: a small video with its preview is published and plays; the
/// page is light and loads only on its own route; dropped files go to their pickers.
/// </summary>
public sealed class UploadTests : UploadPageTest
{
    [Test]
    public async Task A_small_video_with_a_preview_shows_progress_to_100_percent_publishes_and_plays()
    {
        await OpenAsync("/upload");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Upload a video");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Upload" })).ToHaveAttributeAsync("aria-current", "page");
        await Expect(Page.GetByText("MP4, WebM, MOV or MKV, up to 16 MB.")).ToBeVisibleAsync();
        await ScreenshotsAsync("upload-empty");

        await Title.FillAsync("Test pattern uploaded from the browser");
        await Page.GetByLabel("Description (optional)").FillAsync("Three seconds of ffmpeg's test pattern.\nUploaded by the web client's test.");
        await VideoPicker.SetInputFilesAsync(Clip);
        await PreviewPicker.SetInputFilesAsync(Preview);
        await Expect(Page.GetByText("74 of 5,000 characters")).ToBeVisibleAsync();
        await ScreenshotsAsync("upload");

        await UploadButton.ClickAsync();
        var previewBar = Page.GetByRole(AriaRole.Progressbar, new() { Name = "Preview: pattern.jpg" });
        await Expect(VideoBar).ToHaveAttributeAsync("aria-valuenow", "100");
        await Expect(previewBar).ToHaveAttributeAsync("aria-valuenow", "100");
        await Expect(VideoBar).ToHaveAttributeAsync("aria-valuetext", new Regex("^100 % · .* sent$"));
        var watch = Page.GetByRole(AriaRole.Link, new() { Name = "Watch “Test pattern uploaded from the browser”" });
        await Expect(watch).ToBeFocusedAsync();
        await Expect(Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "is published" })).ToBeVisibleAsync();
        await ScreenshotsAsync("upload-done");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Dark theme" }).ClickAsync();
        await ScreenshotsAsync("upload-done-dark", phone: false);

        await watch.ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/watch/"));
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Test pattern uploaded from the browser");
        await Expect(Page.Locator(".watch-description")).ToContainTextAsync("Uploaded by the web client's test.");
        Assert.That(await PlayedSecondsAsync(), Is.GreaterThanOrEqualTo(1), "currentTime did not advance");
        await AssertStoredBytesAsync(IdFromUrl(), Clip);
        // Its own preview is the poster.
        Assert.That(await Page.Locator("video").GetAttributeAsync("poster"), Does.Contain("_pattern.jpg"));
    }

    [Test]
    public async Task The_upload_page_weighs_little_and_the_other_pages_do_not_load_its_files()
    {
        await OpenAsync("/");
        await Expect(Page.Locator(".grid .card").First).ToBeVisibleAsync();
        Assert.That(await Page.EvaluateAsync<int>("() => performance.getEntriesByType('resource').filter(e => /upload|progress/.test(e.name)).length"),
            Is.Zero, "home loads nothing of the upload page");
        await OpenAsync("/upload");
        await Expect(Page.GetByText("MP4, WebM, MOV or MKV, up to 16 MB.")).ToBeVisibleAsync();
        Assert.That(await TransferredBytesAsync("upload page"), Is.LessThan(48 * 1024));
    }

    [Test]
    public async Task Files_dropped_on_the_page_go_to_their_pickers()
    {
        await OpenAsync("/upload");
        await Expect(VideoPicker).ToBeVisibleAsync(); // the page listens for drops once it is drawn
        var clip = Convert.ToBase64String(await File.ReadAllBytesAsync(Clip));
        var drop = await Page.EvaluateHandleAsync("""
            clip => {
              const bytes = Uint8Array.from(atob(clip), c => c.charCodeAt(0));
              const list = new DataTransfer();
              list.items.add(new File([bytes], 'dropped.webm', { type: 'video/webm' }));
              list.items.add(new File([new Uint8Array([0xFF, 0xD8, 0xFF, 0xE0])], 'dropped.png', { type: 'image/png' }));
              return list;
            }
            """, clip);
        await Page.Locator("footer").DispatchEventAsync("dragover", new { dataTransfer = drop });
        await Expect(Page.Locator(".drop-zone")).ToHaveClassAsync(new Regex("dragging"));
        await Page.Locator("footer").DispatchEventAsync("drop", new { dataTransfer = drop });
        Assert.That(await VideoPicker.EvaluateAsync<string>("i => i.files[0]?.name"), Is.EqualTo("dropped.webm"));
        Assert.That(await PreviewPicker.EvaluateAsync<string>("i => i.files[0]?.name"), Is.EqualTo("dropped.png"));

        var text = await Page.EvaluateHandleAsync("""
            () => {
              const list = new DataTransfer();
              list.items.add(new File(['hello'], 'readme.md', { type: 'text/markdown' }));
              return list;
            }
            """);
        await Page.Locator(".drop-zone").DispatchEventAsync("drop", new { dataTransfer = text });
        await Expect(Page.GetByText("“readme.md” is not a video MyVid takes")).ToBeVisibleAsync();
    }
}
