using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Playwright;

namespace MyVid.Web.Tests;

/// <summary>
/// What the upload page's browser tests share: a short clip and a preview image made once per fixture, the form's
/// fields, and checks that a published video plays and is the picked file byte for byte.
/// </summary>
public abstract class UploadPageTest : BrowserTest
{
    protected string Folder { get; private set; } = null!;

    protected string Clip { get; private set; } = null!;

    protected string Preview { get; private set; } = null!;

    protected ILocator Title => Page.GetByLabel("Title", new() { Exact = true });

    protected ILocator VideoPicker => Page.GetByLabel("Video file");

    protected ILocator PreviewPicker => Page.GetByLabel("Preview image (optional)");

    protected ILocator UploadButton => Page.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true });

    protected ILocator VideoBar => Page.GetByRole(AriaRole.Progressbar, new() { Name = "Video:" });

    [OneTimeSetUp]
    public async Task MakeMediaAsync()
    {
        Folder = Directory.CreateTempSubdirectory("myvid-web-upload-").FullName;
        Clip = await TestMedia.MakeClipAsync(Folder, "clip.webm", 3);
        (_, Preview) = await TestMedia.MakeAsync(Folder);
    }

    [OneTimeTearDown]
    public void DeleteMedia() => Directory.Delete(Folder, recursive: true);

    protected string IdFromUrl() => Page.Url[(Page.Url.LastIndexOf('/') + 1)..];

    protected Task<double> PlayedSecondsAsync() => Page.Locator("video").EvaluateAsync<double>(
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
    protected static async Task AssertStoredBytesAsync(string id, string file)
    {
        using var details = JsonDocument.Parse(await WebSite.Node.Http.GetStringAsync($"/API/VIDEO/{id}"));
        var stored = await WebSite.Node.Http.GetByteArrayAsync(details.RootElement.GetProperty("URL").GetString());
        Assert.That(Convert.ToHexString(SHA256.HashData(stored)), Is.EqualTo(Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(file)))),
            "the stored video is the uploaded file");
    }
}
