using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MyVid.Catalog.Persistence;
using MyVid.Catalog.Search;
using MyVid.Testing;

namespace MyVid.Catalog.Tests;

/// <summary>
/// GET /API/VIDEO/{ID}'s batched reads (Search/PublicVideoLookup): concurrent lookups of public, private, unknown,
/// duplicate and wrong-case ids answer exactly as one lookup at a time. The node keeps no answers, so every GET reads.
/// </summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Production)]
public sealed class GetBatchTests(Backend backend)
{
    private const int MaxIds = 16;
    private TestNode? _node;
    private string[] _ids = [];
    private string _publicId = "";

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _node = await TestNode.StartAsync(backend, settings: new Dictionary<string, string>
        {
            ["Catalog:AnswerCacheSeconds"] = "0",
            ["RateLimit:Enabled"] = "false",
            ["Catalog:GetBatchMaxIds"] = MaxIds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var live = CatalogSeed.NewVideo("Live", VideoKind.WebRtc);
        live.ControlUrl = "https://media.example/ENDPOINT/7";
        live.StreamId = "7";
        live.Viewers = 3;
        Video[] videos = [.. Enumerable.Range(0, 30).Select(i => CatalogSeed.NewVideo("Public " + i)), live,
            .. Enumerable.Range(0, 5).Select(i => CatalogSeed.NewVideo("Private " + i, visibility: VideoVisibility.Private))];
        await CatalogSeed.AddAsync(_node, videos);
        _publicId = videos[0].Id;
        var unknown = Enumerable.Range(0, 5).Select(_ => CatalogSeed.NewVideo("never stored").Id);
        // ascii_bin on MariaDB, binary on SQLite: another case is another (unknown) id.
        var otherCase = videos.Take(3).Select(v => SwapCase(v.Id));
        var once = videos.Select(v => v.Id).Concat(unknown).Concat(otherCase).ToArray();
        _ids = [.. once, .. once.Take(10), .. once.Take(10)];
        Random.Shared.Shuffle(_ids);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }

    [Test]
    public async Task Concurrent_GETs_answer_exactly_as_one_by_one()
    {
        var oneByOne = new List<(HttpStatusCode, string)>();
        foreach (var id in _ids)
        {
            oneByOne.Add(await AnswerAsync(id));
        }
        // 30 public + 1 live, 10 of them twice more; 5 private, 5 unknown, 3 in another case.
        Assert.That(oneByOne.Count(a => a.Item1 == HttpStatusCode.OK), Is.EqualTo(51));
        Assert.That(oneByOne.Count(a => a.Item1 == HttpStatusCode.NotFound), Is.EqualTo(13));
        for (var round = 0; round < 3; round++)
        {
            var together = await Task.WhenAll(_ids.Select(AnswerAsync));
            Assert.That(together, Is.EqualTo(oneByOne), $"round {round}");
        }
    }

    [Test]
    public async Task Lookups_queued_behind_a_read_share_reads_of_at_most_the_batch_size_and_answer_as_one_by_one()
    {
        using var gated = new GatedScopes(_node!.Services.GetRequiredService<IServiceScopeFactory>());
        var lookup = NewLookup(gated);
        var first = gated.HoldFirst(() => lookup.FindAsync(_ids[0], CancellationToken.None));
        var queued = _ids.Skip(1).Select(id => lookup.FindAsync(id, CancellationToken.None)).ToArray();
        Assert.That(queued.Any(t => t.IsCompleted), Is.False, "a lookup behind a read in flight waits for the next read");
        gated.Open();
        var found = await Task.WhenAll([first, .. queued]);
        Assert.That(gated.Created, Is.EqualTo(1 + (_ids.Length - 1 + MaxIds - 1) / MaxIds), "reads: the first, then full batches");
        Assert.That(found.Select(Describe), Is.EqualTo(await OneByOneAsync(_ids)));
    }

    [Test]
    public async Task Duplicates_in_one_read_share_its_row()
    {
        using var gated = new GatedScopes(_node!.Services.GetRequiredService<IServiceScopeFactory>());
        var lookup = NewLookup(gated);
        var first = gated.HoldFirst(() => lookup.FindAsync(_ids[0], CancellationToken.None));
        var same = Enumerable.Range(0, 3).Select(_ => lookup.FindAsync(_publicId, CancellationToken.None)).ToArray();
        gated.Open();
        await first;
        var rows = await Task.WhenAll(same);
        Assert.That(rows[0], Is.Not.Null);
        Assert.That(rows, Has.All.SameAs(rows[0]));
        Assert.That(gated.Created, Is.EqualTo(2), "the first read, then one for the three");
    }

    [Test]
    public async Task A_cancelled_caller_stops_waiting_and_the_others_are_answered()
    {
        using var gated = new GatedScopes(_node!.Services.GetRequiredService<IServiceScopeFactory>());
        var lookup = NewLookup(gated);
        using var cancel = new CancellationTokenSource();
        var first = gated.HoldFirst(() => lookup.FindAsync(_ids[0], CancellationToken.None));
        var before = lookup.FindAsync(_ids[1], CancellationToken.None);
        var cancelled = lookup.FindAsync(_ids[2], cancel.Token);
        var after = lookup.FindAsync(_ids[3], CancellationToken.None);
        await cancel.CancelAsync();
        Assert.That(async () => await cancelled, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(before.IsCompleted || after.IsCompleted, Is.False, "the others still wait for the read");
        gated.Open();
        var found = await Task.WhenAll(first, before, after);
        Assert.That(found.Select(Describe), Is.EqualTo(await OneByOneAsync([_ids[0], _ids[1], _ids[3]])));
    }

    [Test]
    public async Task A_failed_read_fails_every_caller_in_it_as_a_single_lookup_fails()
    {
        using var gated = new GatedScopes(_node!.Services.GetRequiredService<IServiceScopeFactory>());
        var lookup = NewLookup(gated);
        var first = gated.HoldFirst(() => lookup.FindAsync(_ids[0], CancellationToken.None));
        var queued = _ids.Skip(1).Take(MaxIds).Select(id => lookup.FindAsync(id, CancellationToken.None)).ToArray();
        await RenameVideosAsync("Videos", "VideosAway");
        try
        {
            var single = await FailureOfAsync(OneByOneAsync([_ids[1]]));
            Assert.That(single, Is.InstanceOf<System.Data.Common.DbException>(), "a single lookup's failure");
            gated.Open();
            foreach (var task in queued.Prepend(first))
            {
                var failure = await FailureOfAsync(task);
                Assert.That(failure?.GetType(), Is.EqualTo(single!.GetType()));
                Assert.That(failure!.Message, Is.EqualTo(single.Message));
            }
        }
        finally
        {
            await RenameVideosAsync("VideosAway", "Videos");
        }
        var again = await lookup.FindAsync(_ids[0], CancellationToken.None);
        Assert.That(Describe(again), Is.EqualTo((await OneByOneAsync([_ids[0]]))[0]), "the lookup reads again once the database is back");
    }

    [Test]
    public async Task With_batching_off_every_lookup_is_a_read_of_its_own()
    {
        using var gated = new GatedScopes(_node!.Services.GetRequiredService<IServiceScopeFactory>());
        gated.Open();
        var lookup = NewLookup(gated, inFlight: 0);
        var found = await Task.WhenAll(_ids.Select(id => lookup.FindAsync(id, CancellationToken.None)));
        Assert.That(gated.Created, Is.EqualTo(_ids.Length));
        Assert.That(found.Select(Describe), Is.EqualTo(await OneByOneAsync(_ids)));
    }

    private PublicVideoLookup NewLookup(IServiceScopeFactory scopes, int inFlight = 1) => new(scopes,
        Options.Create(new CatalogOptions { GetBatchesInFlight = inFlight, GetBatchMaxIds = MaxIds }),
        _node!.Services.GetRequiredService<CatalogMetrics>());

    /// <summary>Each id looked up alone through the compiled single query, as before batching.</summary>
    private async Task<List<string>> OneByOneAsync(IEnumerable<string> ids)
    {
        var answers = new List<string>();
        foreach (var id in ids)
        {
            await using var scope = _node!.Services.CreateAsyncScope();
            answers.Add(Describe(await scope.ServiceProvider.GetRequiredService<VideoQueries>().FindPublicAsync(id, CancellationToken.None)));
        }
        return answers;
    }

    private async Task RenameVideosAsync(string from, string to)
    {
        await using var scope = _node!.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
#pragma warning disable EF1002 // table names of this test, not user input
        await db.Database.ExecuteSqlRawAsync(backend == Backend.Embedded ? $"ALTER TABLE {from} RENAME TO {to}" : $"RENAME TABLE {from} TO {to}");
#pragma warning restore EF1002
    }

    private static async Task<Exception?> FailureOfAsync<T>(Task<T> task)
    {
        try
        {
            await task;
            return null;
        }
        catch (Exception e) when (e is not AssertionException)
        {
            return e;
        }
    }

    private static string Describe(Video? video) => video is null ? "null" : JsonSerializer.Serialize(video);

    private async Task<(HttpStatusCode, string)> AnswerAsync(string id)
    {
        using var response = await _node!.Http.GetAsync("API/VIDEO/" + id);
        // A 404's problem carries a trace id of its own request: its title says which 404 it is.
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.IsSuccessStatusCode ? body : JsonDocument.Parse(body).RootElement.GetProperty("title").GetString()!);
    }

    private static string SwapCase(string id) =>
        string.Concat(id.Select(c => char.IsAsciiLetterUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)));
}
