using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MyVid.Web.Tests;

/// <summary>
/// A multipart upload interrupted in Chromium carries on where it stopped: with the Resume button, and after a
/// reload when the same file is picked again. Only the missing parts are sent; the stored video is the file.
/// </summary>
public sealed class UploadResumeTests : UploadPageTest
{
    private string Large { get; set; } = null!;

    [OneTimeSetUp]
    public async Task MakeLargeClipAsync()
    {
        // About 14 MB: three parts of 5 MiB at most.
        Large = await TestMedia.MakeClipAsync(Folder, "large.webm", 4, megabitsPerSecond: 28);
        var size = new FileInfo(Large).Length;
        Assert.That(size, Is.InRange(2 * WebSite.UploadPartSize + 1, Math.Min(3 * WebSite.UploadPartSize, WebSite.MaxVideoBytes)),
            "the large clip is meant to go in three parts");
    }

    [Test]
    public async Task A_multipart_upload_cut_off_midway_resumes_with_the_Resume_button_and_plays_with_its_bytes_intact()
    {
        await OpenAsync("/upload");
        await Title.FillAsync("Resumed after a lost connection");
        await VideoPicker.SetInputFilesAsync(Large);
        var cdp = await Page.Context.NewCDPSessionAsync(Page);
        await cdp.SendAsync("Network.enable");
        // Slow enough to watch, and part 2 never gets through: every try fails as a dropped connection would.
        await cdp.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false, ["latency"] = 0, ["downloadThroughput"] = -1, ["uploadThroughput"] = 4_000_000,
        });
        await cdp.SendAsync("Network.setBlockedURLs", new Dictionary<string, object> { ["urls"] = new[] { "*partNumber=2" } });
        var sent = new List<int>();
        var failed = new List<int>();
        Page.RequestFinished += (_, r) => Note(sent, r);
        Page.RequestFailed += (_, r) => Note(failed, r);

        await UploadButton.ClickAsync();
        await Expect(VideoBar).ToHaveAttributeAsync("aria-valuetext", new Regex(@"^[1-9]\d % · .* MB/s · \d+ s left$"));
        await ScreenshotsAsync("upload-progress", phone: false);
        var alert = Page.GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("The connection was lost.", new() { Timeout = 30_000 });
        await Expect(VideoBar).ToHaveAttributeAsync("aria-valuetext", new Regex("Stopped"));
        Assert.That(failed.Count(n => n == 2), Is.EqualTo(4), "part 2 is tried four times before giving up");
        Assert.That(sent.Order(), Is.EqualTo(new[] { 1, 3 }), "the other parts arrived");
        await ScreenshotsAsync("upload-failed", phone: false);

        await cdp.SendAsync("Network.setBlockedURLs", new Dictionary<string, object> { ["urls"] = Array.Empty<string>() });
        sent.Clear();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();
        var watch = Page.GetByRole(AriaRole.Link, new() { Name = "Watch “Resumed after a lost connection”" });
        await Expect(watch).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.That(sent, Is.EqualTo(new[] { 2 }), "only the missing part is sent again");
        await Expect(VideoBar).ToHaveAttributeAsync("aria-valuenow", "100");
        Assert.That(await Page.EvaluateAsync<int>("() => Object.keys(localStorage).filter(k => k.startsWith('myvid.upload:')).length"),
            Is.Zero, "nothing is kept once published");

        await watch.ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Resumed after a lost connection");
        await AssertStoredBytesAsync(IdFromUrl(), Large);
        Assert.That(await PlayedSecondsAsync(), Is.GreaterThanOrEqualTo(1), "currentTime did not advance");
    }

    [Test]
    public async Task A_multipart_upload_cut_off_then_reloaded_carries_on_when_the_file_is_picked_again()
    {
        await OpenAsync("/upload");
        await Title.FillAsync("Resumed after a reload");
        await Page.GetByLabel("Description (optional)").FillAsync("Its first try was cut off.");
        await VideoPicker.SetInputFilesAsync(Large);
        await PreviewPicker.SetInputFilesAsync(Preview);
        var cdp = await Page.Context.NewCDPSessionAsync(Page);
        await cdp.SendAsync("Network.enable");
        await cdp.SendAsync("Network.setBlockedURLs", new Dictionary<string, object> { ["urls"] = new[] { "*partNumber=3" } });
        await UploadButton.ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The connection was lost.", new() { Timeout = 30_000 });
        await cdp.SendAsync("Network.setBlockedURLs", new Dictionary<string, object> { ["urls"] = Array.Empty<string>() });

        await Page.ReloadAsync();
        await Expect(Title).ToHaveValueAsync("");
        await VideoPicker.SetInputFilesAsync(Large);
        await Expect(Page.GetByText("“large.webm” was partly uploaded before, as “Resumed after a reload”.")).ToBeVisibleAsync();
        await Expect(Title).ToHaveValueAsync("Resumed after a reload");
        await Expect(Title).Not.ToBeEditableAsync();
        var sent = new List<int>();
        Page.RequestFinished += (_, r) => Note(sent, r);
        await UploadButton.ClickAsync();
        var watch = Page.GetByRole(AriaRole.Link, new() { Name = "Watch “Resumed after a reload”" });
        await Expect(watch).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.That(sent, Is.EqualTo(new[] { 3 }), "only the missing part is sent after the reload");
        await watch.ClickAsync();
        await Expect(Page.Locator(".watch-description")).ToHaveTextAsync("Its first try was cut off.");
        await AssertStoredBytesAsync(IdFromUrl(), Large);
    }

    private static void Note(List<int> parts, IRequest request)
    {
        var match = Regex.Match(request.Url, @"[?&]partNumber=(\d+)");
        if (request.Method == "PUT" && match.Success)
        {
            lock (parts)
            {
                parts.Add(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }
}
