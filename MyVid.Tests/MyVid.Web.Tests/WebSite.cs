using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MyVid.Catalog.Persistence;
using MyVid.Catalog.Search;
using MyVid.Platform.Ids;
using MyVid.Platform.Storage;
using MyVid.Testing;

namespace MyVid.Web.Tests;

/// <summary>
/// One node for every test of the assembly: the bundled CCC catalogue, a real video in the local object store
/// (a MYVID entry) and a live (WebRTC) entry whose media node is gone. The node runs every role, its media node
/// included, so the live tests broadcast and watch through it.
/// </summary>
[SetUpFixture]
public sealed class WebSite
{
    private static TestNode? _node;
    private static string? _media;

    /// <summary>The node's <c>Upload:PartSize</c> and multipart threshold: S3's smallest part, 5 MiB.</summary>
    public const long UploadPartSize = 5L * 1024 * 1024;

    public const long MaxVideoBytes = 16L * 1024 * 1024;

    public static TestNode Node => _node ?? throw new InvalidOperationException("The node has not started.");

    /// <summary>The stored video: its id, title and description.</summary>
    internal static Video Stored { get; private set; } = null!;

    internal static Video Live { get; private set; } = null!;

    public static Uri Url(string path) => new(Node.BaseUrl, path);

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _node = await TestNode.StartAsync(Backend.Embedded, settings: new Dictionary<string, string>
        {
            ["Catalog:LoadDemoCatalog"] = "true",
            ["Catalog:RandomCount"] = "500",
            // Small enough that the upload tests send a few MB in parts, and can offer a file that is too large.
            ["Upload:MultipartThreshold"] = UploadPartSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Upload:PartSize"] = UploadPartSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Upload:MaxVideoBytes"] = MaxVideoBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Viewer counts reach the catalogue within a second, so the pages' polls see them soon.
            ["Media:ViewerReportSeconds"] = "1",
        });
        await WaitForDemoCatalogAsync();
        Stored = NewVideo(VideoKind.MyVid, "Test pattern from the local store",
            "A test pattern made by ffmpeg for the web client's tests.\nIt plays from MyVid's own object store.\n\nSeeking works: the store serves ranges.");
        Stored.VideoObjectKey = Stored.Id + "_pattern.webm";
        Stored.PreviewObjectKey = Stored.Id + "_pattern.jpg";
        Stored.DurationSeconds = TestMedia.Seconds;
        Live = NewVideo(VideoKind.WebRtc, "Live from the test bench", "A live stream whose media node has gone away.");
        Live.ControlUrl = Url("/ENDPOINT/G0neN0de").AbsoluteUri; // no such node: the endpoint answers 404
        Live.StreamId = "1";

        await using (var scope = Node.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            db.Videos.AddRange(Stored, Live);
            await db.SaveChangesAsync();
        }
        _media = Directory.CreateTempSubdirectory("myvid-web-media-").FullName;
        var (video, preview) = await TestMedia.MakeAsync(_media);
        var store = Node.Services.GetRequiredService<IObjectStore>();
        await using (var file = File.OpenRead(video))
        {
            await store.PutAsync(ObjectBucket.Videos, Stored.VideoObjectKey, file, "video/webm", CancellationToken.None);
        }
        await using (var file = File.OpenRead(preview))
        {
            await store.PutAsync(ObjectBucket.Previews, Stored.PreviewObjectKey, file, "image/jpeg", CancellationToken.None);
        }
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
        if (_media is not null)
        {
            Directory.Delete(_media, recursive: true);
        }
    }

    internal static Video NewVideo(VideoKind kind, string title, string description) => new()
    {
        Id = ShortId.New(),
        Kind = kind,
        Visibility = VideoVisibility.Public,
        Title = title,
        Description = description,
        RandomKey = Random.Shared.NextInt64(VideoQueries.RandomKeyRange),
        CreatedAtUtc = DateTime.UtcNow,
        UpdatedAtUtc = DateTime.UtcNow,
    };

    /// <summary>The demo catalogue loads while the node starts; make sure it is in before anything is seeded.</summary>
    private static async Task WaitForDemoCatalogAsync()
    {
        await using var scope = Node.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        Assert.That(await db.Videos.CountAsync(), Is.GreaterThan(20), "the bundled CCC catalogue was not loaded");
    }
}
