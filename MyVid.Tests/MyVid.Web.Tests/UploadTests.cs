using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MyVid.Testing;
using static Microsoft.Playwright.Assertions;

namespace MyVid.Web.Tests;

/// <summary>
/// Upload end to end in Chromium against the embedded node: a small video with its preview, a multipart one
/// interrupted and resumed (with the Resume button, and after a reload), bad input, and server errors in words.
/// </summary>
public sealed class UploadTests : BrowserTest
{
    private string _folder = null!;
    private string _clip = null!;
    private string _preview = null!;
    private string _large = null!;

    private ILocator Title => Page.GetByLabel("Title", new() { Exact = true });

    private ILocator VideoPicker => Page.GetByLabel("Video file");

    private ILocator PreviewPicker => Page.GetByLabel("Preview image (optional)");

    private ILocator UploadButton => Page.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true });

    private ILocator VideoBar => Page.GetByRole(AriaRole.Progressbar, new() { Name = "Video:" });

    [OneTimeSetUp]
    public async Task MakeMediaAsync()
    {
        _folder = Directory.CreateTempSubdirectory("myvid-web-upload-").FullName;
        _clip = await TestMedia.MakeClipAsync(_folder, "clip.webm", 3);
        (_, _preview) = await TestMedia.MakeAsync(_folder);
        // About 14 MB: three parts of 5 MiB at most.
        _large = await TestMedia.MakeClipAsync(_folder, "large.webm", 4, megabitsPerSecond: 28);
        var size = new FileInfo(_large).Length;
        Assert.That(size, Is.InRange(2 * WebSite.UploadPartSize + 1, Math.Min(3 * WebSite.UploadPartSize, WebSite.MaxVideoBytes)),
            "the large clip is meant to go in three parts");
    }

    [OneTimeTearDown]
    public void DeleteMedia() => Directory.Delete(_folder, recursive: true);

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
        await VideoPicker.SetInputFilesAsync(_clip);
        await PreviewPicker.SetInputFilesAsync(_preview);
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
        await AssertStoredBytesAsync(IdFromUrl(), _clip);
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
        var weight = await Page.EvaluateAsync<int[]>(
            """
            () => {
              const own = performance.getEntriesByType('resource').filter(e => new URL(e.name).pathname.startsWith('/assets/'));
              const page = performance.getEntriesByType('navigation')[0];
              return [own.length + 1, page.transferSize + own.reduce((sum, e) => sum + e.transferSize, 0),
                      page.decodedBodySize + own.reduce((sum, e) => sum + e.decodedBodySize, 0)];
            }
            """);
        TestContext.Out.WriteLine($"upload page: {weight[0]} requests, {weight[1]} bytes transferred (headers included), {weight[2]} bytes decoded");
        Assert.That(weight[1], Is.LessThan(48 * 1024));
    }

    [Test]
    public async Task A_multipart_upload_cut_off_midway_resumes_with_the_Resume_button_and_plays_with_its_bytes_intact()
    {
        await OpenAsync("/upload");
        await Title.FillAsync("Resumed after a lost connection");
        await VideoPicker.SetInputFilesAsync(_large);
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
        await AssertStoredBytesAsync(IdFromUrl(), _large);
        Assert.That(await PlayedSecondsAsync(), Is.GreaterThanOrEqualTo(1), "currentTime did not advance");
    }

    [Test]
    public async Task A_multipart_upload_cut_off_then_reloaded_carries_on_when_the_file_is_picked_again()
    {
        await OpenAsync("/upload");
        await Title.FillAsync("Resumed after a reload");
        await Page.GetByLabel("Description (optional)").FillAsync("Its first try was cut off.");
        await VideoPicker.SetInputFilesAsync(_large);
        await PreviewPicker.SetInputFilesAsync(_preview);
        var cdp = await Page.Context.NewCDPSessionAsync(Page);
        await cdp.SendAsync("Network.enable");
        await cdp.SendAsync("Network.setBlockedURLs", new Dictionary<string, object> { ["urls"] = new[] { "*partNumber=3" } });
        await UploadButton.ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The connection was lost.", new() { Timeout = 30_000 });
        await cdp.SendAsync("Network.setBlockedURLs", new Dictionary<string, object> { ["urls"] = Array.Empty<string>() });

        await Page.ReloadAsync();
        await Expect(Title).ToHaveValueAsync("");
        await VideoPicker.SetInputFilesAsync(_large);
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
        await AssertStoredBytesAsync(IdFromUrl(), _large);
    }

    [Test]
    public async Task Bad_input_is_named_next_to_its_field_and_the_form_stays_usable()
    {
        var started = 0;
        Page.Request += (_, r) => started += r.Method == "POST" && r.Url.EndsWith("/NEWVIDEOUPLOAD", StringComparison.Ordinal) ? 1 : 0;
        await OpenAsync("/upload");
        await Expect(Page.GetByText("MP4, WebM, MOV or MKV, up to 16 MB.")).ToBeVisibleAsync();

        await UploadButton.ClickAsync();
        await Expect(Page.GetByText("Give the video a title.")).ToBeVisibleAsync();
        await Expect(Page.GetByText("Choose a video file: MP4, WebM, MOV or MKV.")).ToBeVisibleAsync();
        await Expect(Title).ToBeFocusedAsync();
        await Expect(Title).ToHaveAttributeAsync("aria-invalid", "true");

        await Title.FillAsync("   ");
        await VideoPicker.SetInputFilesAsync(new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = "not a video"u8.ToArray() });
        await Expect(Page.GetByText("“notes.txt” is not a video MyVid takes: choose an MP4, WebM, MOV or MKV file.")).ToBeVisibleAsync();
        await PreviewPicker.SetInputFilesAsync(new FilePayload { Name = "logo.gif", MimeType = "image/gif", Buffer = "GIF89a"u8.ToArray() });
        await Expect(Page.GetByText("“logo.gif” is not an image MyVid takes: choose a JPEG, PNG or WebP image.")).ToBeVisibleAsync();

        var huge = Path.Combine(_folder, "huge.mp4");
        await using (var file = File.Create(huge))
        {
            file.SetLength(WebSite.MaxVideoBytes + 1024 * 1024);
        }
        await VideoPicker.SetInputFilesAsync(huge);
        await Expect(Page.GetByText("“huge.mp4” is too large: 17 MB, and this server takes at most 16 MB.")).ToBeVisibleAsync();
        await Page.GetByLabel("Description (optional)").FillAsync(new string('d', 5001));
        await UploadButton.ClickAsync();
        await Expect(Page.GetByText("The description has 5,001 characters; 5,000 at most.")).ToBeVisibleAsync();
        await Expect(Page.GetByText("Give the video a title.")).ToBeVisibleAsync();
        await ScreenshotsAsync("upload-bad-input");
        Assert.That(started, Is.Zero, "nothing was sent");

        // Put right, the same form uploads.
        await Title.FillAsync("Put right after mistakes");
        await Page.GetByLabel("Description (optional)").FillAsync("");
        await VideoPicker.SetInputFilesAsync(_clip);
        await PreviewPicker.SetInputFilesAsync(Array.Empty<string>());
        await Expect(Page.Locator(".field-error:visible")).ToHaveCountAsync(0);
        await Expect(Title).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await UploadButton.ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Watch “Put right after mistakes”" })).ToBeVisibleAsync();
    }

    [Test]
    public async Task Files_dropped_on_the_page_go_to_their_pickers()
    {
        await OpenAsync("/upload");
        await Expect(VideoPicker).ToBeVisibleAsync(); // the page listens for drops once it is drawn
        var clip = Convert.ToBase64String(await File.ReadAllBytesAsync(_clip));
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

    [Test]
    public async Task A_file_the_server_refuses_at_publish_is_explained_and_the_form_is_usable_again()
    {
        await OpenAsync("/upload");
        await Title.FillAsync("Not really a video");
        // The right name, the wrong bytes: only the server's magic-byte check can tell.
        await VideoPicker.SetInputFilesAsync(new FilePayload { Name = "fake.mp4", MimeType = "video/mp4", Buffer = new byte[4096] });
        await UploadButton.ClickAsync();
        var alert = Page.GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("The server did not accept the file.");
        await Expect(alert).ToContainTextAsync("_fake.mp4' is not");
        await Expect(alert.GetByRole(AriaRole.Button, new() { Name = "Resume" })).ToHaveCountAsync(0);
        await Expect(UploadButton).ToBeEnabledAsync();
        await Expect(Title).ToBeEditableAsync();
    }

    [Test]
    public async Task A_store_that_answers_413_is_reported_as_a_file_too_large()
    {
        await Page.RouteAsync(url => url.Contains("/objects/videos/", StringComparison.Ordinal), route => route.FulfillAsync(new()
        {
            Status = 413,
            ContentType = "application/problem+json",
            Headers = new Dictionary<string, string> { ["Access-Control-Allow-Origin"] = "*" },
            Body = """{"title":"Object too large","detail":"The store accepts objects of at most 1000 bytes."}""",
        }));
        await OpenAsync("/upload");
        await Title.FillAsync("Too large for the store");
        await VideoPicker.SetInputFilesAsync(_clip);
        await UploadButton.ClickAsync();
        var alert = Page.GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("The file is too large.");
        await Expect(alert).ToContainTextAsync("at most 1000 bytes");
        await Expect(UploadButton).ToBeEnabledAsync();
    }

    [Test]
    public async Task An_upload_server_that_does_not_answer_is_replaced_by_asking_NEWUPLOAD_again()
    {
        // An endpoint that has just died (its connection refused), which NEWUPLOAD may name for a few seconds; on the
        // page's own origin, which its Content-Security-Policy lets it reach.
        var dead = new Uri(WebSite.Node.BaseUrl, "dead-endpoint/NEWVIDEOUPLOAD").AbsoluteUri;
        await Page.RouteAsync(url => url.Contains("/dead-endpoint/", StringComparison.Ordinal), route => route.AbortAsync("connectionrefused"));
        var asked = 0;
        await Page.RouteAsync(url => url.Contains("/API/NEWUPLOAD/", StringComparison.Ordinal), async route =>
        {
            // The page's first question (its limits) and the upload's own name the dead server; the next one is real.
            if (Interlocked.Increment(ref asked) > 2)
            {
                await route.ContinueAsync();
                return;
            }
            var response = await route.FetchAsync();
            var answer = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(await response.TextAsync())!;
            answer["Server"] = JsonSerializer.SerializeToElement(dead);
            await route.FulfillAsync(new() { Response = response, Body = JsonSerializer.Serialize(answer) });
        });
        await OpenAsync("/upload");
        await Title.FillAsync("Uploaded past a dead endpoint");
        await VideoPicker.SetInputFilesAsync(_clip);
        await UploadButton.ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "is published" })).ToBeVisibleAsync();
        Assert.That(Volatile.Read(ref asked), Is.EqualTo(3), "NEWUPLOAD asked once more after the dead server");
    }

    [Test]
    public async Task Without_an_endpoint_server_the_page_says_so_and_when_to_try_again()
    {
        await using var api = await TestNode.StartAsync(Backend.Embedded, roles: "api");
        await Page.GotoAsync(new Uri(api.BaseUrl, "upload").AbsoluteUri);
        var alert = Page.GetByRole(AriaRole.Alert).First;
        await Expect(alert).ToContainTextAsync("No upload server is available right now: try again in 10 s.");
        await Title.FillAsync("Nowhere to go");
        await VideoPicker.SetInputFilesAsync(_clip);
        await UploadButton.ClickAsync();
        await Expect(Page.Locator(".upload-result [role=alert]")).ToContainTextAsync("No upload server is available right now: try again in 10 s.");
        await Expect(Page.Locator(".upload-result [role=alert]")).ToContainTextAsync("No endpoint server has sent a heartbeat recently");
        await Expect(UploadButton).ToBeEnabledAsync();
        await Expect(Title).ToBeEditableAsync();
        await ScreenshotsAsync("upload-unavailable");
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

    private string IdFromUrl() => Page.Url[(Page.Url.LastIndexOf('/') + 1)..];

    private Task<double> PlayedSecondsAsync() => Page.Locator("video").EvaluateAsync<double>(
        """
        async v => {
          v.muted = true;
          await v.play();
          const start = performance.now();
          while (v.currentTime < 1 && performance.now() - start < 10000) await new Promise(r => setTimeout(r, 50));
          v.pause();
          return v.currentTime;
        }
        """);

    /// <summary>The video the API serves for the id is the file that was picked, byte for byte.</summary>
    private static async Task AssertStoredBytesAsync(string id, string file)
    {
        using var details = JsonDocument.Parse(await WebSite.Node.Http.GetStringAsync($"/API/VIDEO/{id}"));
        var stored = await WebSite.Node.Http.GetByteArrayAsync(details.RootElement.GetProperty("URL").GetString());
        Assert.That(Convert.ToHexString(SHA256.HashData(stored)), Is.EqualTo(Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(file)))),
            "the stored video is the uploaded file");
    }
}
