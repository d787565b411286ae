using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MyVid.Catalog.Persistence;
using MyVid.Testing;

namespace MyVid.Catalog.Tests;

/// <summary>POST /API/VIDEO/: random selection and full-text search, on SQLite FTS5 and on MariaDB FULLTEXT alike.</summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Production)]
public sealed class VideoSearchTests(Backend backend)
{
    private TestNode? _node;
    private Video _kubernetes = null!;
    private Video _kueche = null!;
    private Video _private = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _node = await TestNode.StartAsync(backend, settings: new Dictionary<string, string> { ["Catalog:RandomCount"] = "5" });
        _kubernetes = CatalogSeed.NewVideo("Scaling Kubernetes clusters", description: "Operators and controllers in practice.", speakers: "Ada Lovelace", tags: "cloud containers");
        _kueche = CatalogSeed.NewVideo("Die Küche der Zukunft", description: "Kochen mit Sensoren.", tags: "hardware");
        _private = CatalogSeed.NewVideo("Kubernetes secrets nobody published", visibility: VideoVisibility.Private);
        var mentions = CatalogSeed.NewVideo("Weekly news", description: "This week a talk mentions kubernetes once, among other things.");
        var fillers = Enumerable.Range(0, 20).Select(i => CatalogSeed.NewVideo($"Filler talk number {i}", description: "Nothing to see here.")).ToArray();
        await CatalogSeed.AddAsync(_node, [_kubernetes, _kueche, _private, mentions, .. fillers]);
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
    public async Task Without_a_search_answers_a_random_selection_of_the_configured_size()
    {
        var first = await ListAsync(null);
        Assert.That(first, Has.Length.EqualTo(5));
        Assert.That(first.Select(v => v.GetProperty("ID").GetString()), Is.Unique);
        Assert.That(first.Select(v => v.GetProperty("ID").GetString()), Has.None.EqualTo(_private.Id));
    }

    [TestCase("")]
    [TestCase("{}")]
    [TestCase("   ")]
    [TestCase("{\"Search\":\"\"}")]
    [TestCase("{\"Search\":\"  !!  \"}")]
    public async Task An_empty_body_or_empty_search_is_a_random_selection(string body)
    {
        using var response = await _node!.Http.PostAsync("API/VIDEO/", new StringContent(body));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var list = await response.Content.ReadFromJsonAsync<JsonElement[]>();
        Assert.That(list, Has.Length.EqualTo(5));
    }

    [Test]
    public async Task Get_of_the_list_answers_like_an_empty_post()
    {
        var list = await _node!.Http.GetFromJsonAsync<JsonElement[]>("API/VIDEO/");
        Assert.That(list, Has.Length.EqualTo(5));
    }

    [Test]
    public async Task Random_selections_cover_the_catalogue()
    {
        var seen = new HashSet<string>();
        for (var i = 0; i < 40; i++)
        {
            foreach (var video in await ListAsync(null))
            {
                seen.Add(video.GetProperty("ID").GetString()!);
            }
        }
        Assert.That(seen, Has.Count.GreaterThan(15), "40 random draws of 5 should reach most of 23 public videos");
        Assert.That(seen, Does.Not.Contain(_private.Id));
    }

    [TestCase("Kubernetes")]
    [TestCase("kubernetes")]
    [TestCase("KUBERNETES")]
    [TestCase("kuber")]
    public async Task Search_is_case_insensitive_and_matches_prefixes(string search)
    {
        var ids = await SearchIdsAsync(search);
        Assert.That(ids, Does.Contain(_kubernetes.Id));
        Assert.That(ids, Does.Not.Contain(_private.Id), "a private video is never listed");
    }

    [TestCase("Küche")]
    [TestCase("kuche")]
    [TestCase("KÜCHE")]
    public async Task Search_is_accent_insensitive(string search)
    {
        Assert.That(await SearchIdsAsync(search), Is.EqualTo(new[] { _kueche.Id }));
    }

    [Test]
    public async Task A_title_match_ranks_above_a_description_match()
    {
        var ids = await SearchIdsAsync("kubernetes");
        Assert.That(ids, Has.Length.EqualTo(2));
        Assert.That(ids[0], Is.EqualTo(_kubernetes.Id));
    }

    [TestCase("lovelace", TestName = "Search finds speakers")]
    [TestCase("containers", TestName = "Search finds tags")]
    [TestCase("controllers", TestName = "Search finds descriptions")]
    public async Task Search_covers_speakers_tags_and_description(string search)
    {
        Assert.That(await SearchIdsAsync(search), Is.EqualTo(new[] { _kubernetes.Id }));
    }

    [Test]
    public async Task Every_word_must_match()
    {
        Assert.That(await SearchIdsAsync("kubernetes clusters"), Is.EqualTo(new[] { _kubernetes.Id }));
        Assert.That(await SearchIdsAsync("kubernetes sensoren"), Is.Empty);
    }

    [TestCase("\"kubernetes\" OR NEAR(")]
    [TestCase("kubernetes* -+~<>()@")]
    [TestCase("'; DROP TABLE Videos; --")]
    public async Task Query_syntax_in_the_search_text_is_taken_as_words(string search)
    {
        using var response = await _node!.Http.PostAsJsonAsync("API/VIDEO/", new { Search = search });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await SearchIdsAsync("filler"), Has.Length.EqualTo(20), "the catalogue is intact");
    }

    [Test]
    public async Task Results_are_paged()
    {
        var first = await SearchIdsAsync("filler", page: 1, pageSize: 8);
        var second = await SearchIdsAsync("filler", page: 2, pageSize: 8);
        var third = await SearchIdsAsync("filler", page: 3, pageSize: 8);
        Assert.That(first, Has.Length.EqualTo(8));
        Assert.That(second, Has.Length.EqualTo(8));
        Assert.That(third, Has.Length.EqualTo(4));
        Assert.That(first.Concat(second).Concat(third), Is.Unique);
    }

    [Test]
    public async Task Each_result_has_the_appendix_A_properties_with_their_casing()
    {
        var results = await ListAsync("{\"Search\":\"kubernetes clusters\"}");
        var names = results.Single().EnumerateObject().Select(p => p.Name).ToArray();
        Assert.That(names, Is.SupersetOf(new[] { "ID", "Title", "Description", "Preview" }));
        var result = results.Single();
        Assert.Multiple(() =>
        {
            Assert.That(result.GetProperty("ID").GetString(), Is.EqualTo(_kubernetes.Id));
            Assert.That(result.GetProperty("Title").GetString(), Is.EqualTo(_kubernetes.Title));
            Assert.That(result.GetProperty("Description").GetString(), Is.EqualTo(_kubernetes.Description));
            Assert.That(result.GetProperty("Preview").GetString(), Is.EqualTo(_kubernetes.PreviewUrl));
            Assert.That(result.GetProperty("Type").GetString(), Is.EqualTo("HTTP"));
        });
    }

    private async Task<string[]> SearchIdsAsync(string search, int? page = null, int? pageSize = null)
    {
        var body = JsonSerializer.Serialize(new { Search = search, Page = page, PageSize = pageSize });
        return (await ListAsync(body)).Select(v => v.GetProperty("ID").GetString()!).ToArray();
    }

    private async Task<JsonElement[]> ListAsync(string? body)
    {
        using var response = await _node!.Http.PostAsync("API/VIDEO/", body is null ? null : new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement[]>())!;
    }
}
