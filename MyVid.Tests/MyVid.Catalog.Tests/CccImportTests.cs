using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MyVid.Catalog.Persistence;
using MyVid.Platform.Modules;
using MyVid.Testing;

namespace MyVid.Catalog.Tests;

/// <summary><c>import-ccc</c> over every real media.ccc.de file in shared/data/ccc.</summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Production)]
[NonParallelizable]
public sealed class CccImportTests(Backend backend)
{
    private TestNode? _node;

    [SetUp]
    public async Task StartAsync() => _node = await TestNode.StartAsync(backend);

    [TearDown]
    public async Task StopAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }

    [TestCase("events-search-kde.json", 25, 0)]
    [TestCase("events-search-linux.json", 25, 0)]
    [TestCase("event-36c3-10565.json", 1, 0)]
    [TestCase("event-gpn18-105.json", 1, 0)]
    [TestCase("event-821.json", 1, 0)]
    [TestCase("conference-39c3.json", 0, 180)]
    public async Task Each_file_imports_its_playable_events_and_says_why_it_skips_the_rest(string file, int imported, int skipped)
    {
        var (exit, output) = await RunAsync(CccData.PathOf(file));
        Assert.That(exit, Is.Zero, output);
        Assert.That(output, Does.Contain($"imported: {imported}\n"));
        Assert.That(output, Does.Contain($"skipped: {skipped}\n"));
        Assert.That(await CountAsync(), Is.EqualTo(imported));
        if (skipped > 0)
        {
            Assert.That(output, Does.Contain("no recordings listed"));
        }
    }

    [Test]
    public async Task Importing_everything_twice_changes_nothing_the_second_time()
    {
        var files = Directory.GetFiles(CccData.Folder, "*.json");
        var (_, first) = await RunAsync(files);
        Assert.That(first, Does.Contain("imported: 53\n"));
        var (_, second) = await RunAsync(files);
        Assert.That(second, Does.Contain("imported: 0\n"));
        Assert.That(second, Does.Contain("unchanged: 53\n"));
        Assert.That(await CountAsync(), Is.EqualTo(53));
    }

    [Test]
    public async Task An_imported_event_is_searchable_and_points_at_its_cdn_recording()
    {
        await RunAsync(CccData.PathOf("event-821.json"));
        var results = await (await _node!.Http.PostAsJsonAsync("API/VIDEO/", new { Search = "fair sharing" })).Content.ReadFromJsonAsync<JsonElement[]>();
        Assert.That(results, Has.Length.EqualTo(1));
        var id = results![0].GetProperty("ID").GetString();
        Assert.That(id, Does.StartWith("CCC"));
        var details = await _node!.Http.GetFromJsonAsync<JsonElement>("API/VIDEO/" + id);
        Assert.That(details.GetProperty("type").GetString(), Is.EqualTo("HTTP"));
        Assert.That(details.GetProperty("URL").GetString(), Is.EqualTo("https://cdn.media.ccc.de/congress/2004/video/117%20Kampagne%20Fair%20Sharing.mp4"));
        Assert.That(details.GetProperty("Preview").GetString(), Does.StartWith("https://static.media.ccc.de/media/congress/2004/117%20Kampagne"));
        Assert.That(details.GetProperty("duration").GetDouble(), Is.EqualTo(3299));
    }

    /// <summary>Rows imported before descriptions were turned into text are fixed by importing them again.</summary>
    [Test]
    public async Task A_re_import_replaces_an_html_description_with_its_text_and_search_finds_it()
    {
        var file = CccData.PathOf("events-search-linux.json");
        await RunAsync(file);
        const string Html = "<p>F&uuml;r die Textconsole gibt es schon lange die M&ouml;glichkeit</p>";
        await using (var scope = _node!.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            var video = await db.Videos.SingleAsync(v => v.Description.StartsWith("Für die Textconsole"));
            video.Description = Html;
            await db.SaveChangesAsync();
        }
        var (_, output) = await RunAsync(file);
        Assert.That(output, Does.Contain("updated: 1\n"));
        await using (var scope = _node!.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            Assert.That(await db.Videos.CountAsync(v => v.Description.Contains("&uuml;") || v.Description.Contains("<p>")), Is.Zero);
        }
        var results = await (await _node!.Http.PostAsJsonAsync("API/VIDEO/", new { Search = "textconsole möglichkeit" })).Content.ReadFromJsonAsync<JsonElement[]>();
        Assert.That(results!.Select(r => r.GetProperty("Description").GetString()), Has.One.StartWith("Für die Textconsole"));
    }

    [Test]
    public async Task A_malformed_file_is_a_clear_error_and_nothing_is_imported()
    {
        var broken = Path.Combine(_node!.DataFolder, "broken.json");
        await File.WriteAllTextAsync(broken, "{\"events\": [ {\"guid\": \"x\", ");
        var (exit, output) = await RunAsync(CccData.PathOf("events-search-kde.json"), broken);
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.Contain("broken.json: not valid JSON"));
        Assert.That(output, Does.Contain("Nothing was imported."));
        Assert.That(await CountAsync(), Is.Zero);
    }

    [Test]
    public async Task A_file_of_another_shape_is_refused()
    {
        var other = Path.Combine(_node!.DataFolder, "other.json");
        await File.WriteAllTextAsync(other, "{\"hello\": 1}");
        var (exit, output) = await RunAsync(other);
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.Contain("neither an event"));
    }

    [Test]
    public async Task A_missing_file_is_an_error()
    {
        var (exit, output) = await RunAsync("/nonexistent/file.json");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.Contain("no such file"));
    }

    private async Task<(int Exit, string Output)> RunAsync(params string[] files)
    {
        var command = _node!.Services.GetServices<ICliCommand>().Single(c => c.Name == "import-ccc");
        using var output = new StringWriter { NewLine = "\n" };
        var exit = await command.RunAsync(files, output, CancellationToken.None);
        return (exit, output.ToString());
    }

    private async Task<int> CountAsync()
    {
        await using var scope = _node!.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Videos.CountAsync();
    }
}
