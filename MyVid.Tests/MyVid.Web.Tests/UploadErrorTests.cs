using System.Text.Json;
using Microsoft.Playwright;
using MyVid.Testing;
using static Microsoft.Playwright.Assertions;

namespace MyVid.Web.Tests;

/// <summary>
/// The upload page in Chromium when things go wrong: bad input named next to its field, a file the server refuses,
/// a store that answers 413, a dead upload server, no endpoint server at all. The form stays usable each time.
/// </summary>
public sealed class UploadErrorTests : UploadPageTest
{
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

        var huge = Path.Combine(Folder, "huge.mp4");
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
        await VideoPicker.SetInputFilesAsync(Clip);
        await PreviewPicker.SetInputFilesAsync(Array.Empty<string>());
        await Expect(Page.Locator(".field-error:visible")).ToHaveCountAsync(0);
        await Expect(Title).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await UploadButton.ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Watch “Put right after mistakes”" })).ToBeVisibleAsync();
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
        await VideoPicker.SetInputFilesAsync(Clip);
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
        await VideoPicker.SetInputFilesAsync(Clip);
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
        await VideoPicker.SetInputFilesAsync(Clip);
        await UploadButton.ClickAsync();
        await Expect(Page.Locator(".upload-result [role=alert]")).ToContainTextAsync("No upload server is available right now: try again in 10 s.");
        await Expect(Page.Locator(".upload-result [role=alert]")).ToContainTextAsync("No endpoint server has sent a heartbeat recently");
        await Expect(UploadButton).ToBeEnabledAsync();
        await Expect(Title).ToBeEditableAsync();
        await ScreenshotsAsync("upload-unavailable");
    }
}
