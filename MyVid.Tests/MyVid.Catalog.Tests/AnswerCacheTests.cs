using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MyVid.Catalog.Contracts;
using MyVid.Catalog.Import;
using MyVid.Catalog.Persistence;
using MyVid.Testing;

namespace MyVid.Catalog.Tests;

/// <summary>
/// GET /API/VIDEO/{ID}'s kept answers (Api/VideoAnswerCache) on a node that keeps them a minute: a row changed behind
/// the catalogue's back (as another node would) is not seen, so a fresh answer after a write proves that write
/// forgot the kept one.
/// </summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Production)]
public sealed class AnswerCacheTests(Backend backend)
{
    private TestNode? _node;

    [OneTimeSetUp]
    public async Task StartAsync() =>
        _node = await TestNode.StartAsync(backend, settings: new Dictionary<string, string> { ["Catalog:AnswerCacheSeconds"] = "60" });

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }

    [Test]
    public async Task A_kept_answer_hides_a_change_made_behind_the_catalogues_back()
    {
        var video = await AddKeptAsync(CatalogSeed.NewVideo("Original title"));
        await CatalogSeed.RetitleBehindAsync(_node!, video.Id, "Changed elsewhere");
        Assert.That((await GetAsync(video.Id)).GetProperty("title").GetString(), Is.EqualTo("Original title"));
    }

    [Test]
    public async Task Publishing_forgets_the_kept_answer()
    {
        var video = await AddKeptAsync(CatalogSeed.NewVideo("Before publish"));
        await CatalogSeed.RetitleBehindAsync(_node!, video.Id, "After publish");
        await WriteAsync(w => w.PublishAsync(video.Id, CancellationToken.None));
        Assert.That((await GetAsync(video.Id)).GetProperty("title").GetString(), Is.EqualTo("After publish"));
    }

    [Test]
    public async Task Recording_a_probe_forgets_the_kept_answer()
    {
        var video = await AddKeptAsync(CatalogSeed.NewVideo("Probed"));
        await WriteAsync(w => w.RecordProbeAsync(video.Id, new VideoProbeResult(12.5, 640, 360, "vp8", "opus", null), CancellationToken.None));
        var json = await GetAsync(video.Id);
        Assert.That(json.GetProperty("width").GetInt32(), Is.EqualTo(640));
        Assert.That(json.GetProperty("duration").GetDouble(), Is.EqualTo(12.5));
    }

    [Test]
    public async Task Setting_a_preview_forgets_the_kept_answer()
    {
        var stored = CatalogSeed.NewVideo("No preview yet", VideoKind.MyVid);
        stored.VideoObjectKey = stored.Id + "_v.webm";
        await AddKeptAsync(stored);
        Assert.That((await GetAsync(stored.Id)).GetProperty("Preview").ValueKind, Is.EqualTo(JsonValueKind.Null));
        await WriteAsync(w => w.SetPreviewIfMissingAsync(stored.Id, stored.Id + "_poster.jpg", CancellationToken.None));
        Assert.That((await GetAsync(stored.Id)).GetProperty("Preview").GetString(), Does.Contain("_poster.jpg"));
    }

    [Test]
    public async Task Hiding_and_deleting_forget_the_kept_answer()
    {
        var hidden = await AddKeptAsync(CatalogSeed.NewVideo("To hide"));
        var deleted = await AddKeptAsync(CatalogSeed.NewVideo("To delete"));
        await _node!.RunAsync("videos", "hide", hidden.Id);
        await _node!.RunAsync("videos", "delete", deleted.Id);
        Assert.That(await StatusAsync(hidden.Id), Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await StatusAsync(deleted.Id), Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_live_entry_is_always_answered_fresh_and_its_recording_at_once()
    {
        var live = CatalogSeed.NewVideo("Live", VideoKind.WebRtc);
        live.ControlUrl = "https://media.example/ENDPOINT/1";
        live.StreamId = "1";
        live.Viewers = 0;
        await CatalogSeed.AddAsync(_node!, live);
        Assert.That((await GetAsync(live.Id)).GetProperty("Viewers").GetInt32(), Is.EqualTo(0));
        await WriteAsync(w => w.UpdateLiveViewersAsync(live.Id, 7, CancellationToken.None));
        Assert.That((await GetAsync(live.Id)).GetProperty("Viewers").GetInt32(), Is.EqualTo(7));
        await WriteAsync(w => w.MarkLiveEndedAsync(live.Id, CancellationToken.None));
        Assert.That(await StatusAsync(live.Id), Is.EqualTo(HttpStatusCode.NotFound));
        await WriteAsync(w => w.AttachRecordingAsync(live.Id, new LiveRecording(live.Id + "_rec.webm", null, 30, CutShort: false), CancellationToken.None));
        var json = await GetAsync(live.Id);
        Assert.That(json.GetProperty("type").GetString(), Is.EqualTo("HTTP"));
        Assert.That(json.GetProperty("URL").GetString(), Does.Contain("_rec.webm"));
    }

    [Test]
    public async Task An_import_that_updates_a_video_forgets_every_kept_answer()
    {
        var kept = await ImportAsync("event-821.json");
        var updated = await ImportAsync("event-gpn18-105.json");
        await GetAsync(kept);
        await CatalogSeed.RetitleBehindAsync(_node!, kept, "Renamed elsewhere");
        await CatalogSeed.RetitleBehindAsync(_node!, updated, "The import puts this title back");
        Assert.That((await GetAsync(kept)).GetProperty("title").GetString(), Is.Not.EqualTo("Renamed elsewhere"), "kept");
        await ImportAsync("event-gpn18-105.json");
        Assert.That((await GetAsync(kept)).GetProperty("title").GetString(), Is.EqualTo("Renamed elsewhere"));
    }

    /// <summary>Imports one file of the demo catalogue (one event); the id of its video.</summary>
    private async Task<string> ImportAsync(string file)
    {
        await using var scope = _node!.Services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<CccImporter>()
            .ImportAsync([(file, await File.ReadAllBytesAsync(CccData.PathOf(file)))], null, CancellationToken.None);
        Assert.That(report.Skipped, Is.Empty);
        var guid = CccFileReader.Read(file, await File.ReadAllBytesAsync(CccData.PathOf(file))).Single().Guid;
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        return await db.Videos.Where(v => v.ExternalId == CccImporter.ExternalPrefix + guid).Select(v => v.Id).SingleAsync();
    }

    /// <summary>Adds a public video and GETs it once, so that its answer is kept.</summary>
    private async Task<Video> AddKeptAsync(Video video)
    {
        await CatalogSeed.AddAsync(_node!, video);
        await GetAsync(video.Id);
        return video;
    }

    private async Task WriteAsync<T>(Func<ICatalogWriter, Task<T>> write)
    {
        await using var scope = _node!.Services.CreateAsyncScope();
        await write(scope.ServiceProvider.GetRequiredService<ICatalogWriter>());
    }

    private async Task WriteAsync(Func<ICatalogWriter, Task> write)
    {
        await using var scope = _node!.Services.CreateAsyncScope();
        await write(scope.ServiceProvider.GetRequiredService<ICatalogWriter>());
    }

    private async Task<HttpStatusCode> StatusAsync(string id)
    {
        using var response = await _node!.Http.GetAsync("API/VIDEO/" + id);
        return response.StatusCode;
    }

    private async Task<JsonElement> GetAsync(string id)
    {
        using var response = await _node!.Http.GetAsync("API/VIDEO/" + id);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
