using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MyVid.Testing;

namespace MyVid.Catalog.Tests;

/// <summary>
/// Two words that both pass the bound (Catalog:SearchCandidates = 5): the longer word drives, and the other is checked
/// either in a temporary table of its rows up to the driver's 5th key (when that holds at most 5 of them) or by a
/// join on the index's full key (when the word is frequent in shorter titles, so the range holds more): both must list
/// the driver's first 5 title matches (MariaDB: exactly those, shortest titles first).
/// </summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Production)]
public sealed class MultiWordSearchTests(Backend backend)
{
    private TestNode? _node;
    private string[] _both = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _node = await TestNode.StartAsync(backend, settings: new Dictionary<string, string>
        {
            ["Catalog:SearchCandidates"] = "5",
            ["Catalog:MaxPageSize"] = "5",
            ["Catalog:PageSize"] = "5",
        });
        // "short" alone in 6 short titles: its 5th key lies before any title holding "longerword".
        var shortOnly = Enumerable.Range(0, 6).Select(i => CatalogSeed.NewVideo($"Short {i}")).ToArray();
        // Titles of growing length: the ranking among them is fixed.
        var both = Enumerable.Range(0, 7)
            .Select(i => CatalogSeed.NewVideo($"Longerword short uniquely {new string('z', 10 + i)}"))
            .ToArray();
        _both = both.Select(v => v.Id).ToArray();
        await CatalogSeed.AddAsync(_node, [.. shortOnly, .. both]);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }

    [TestCase("longerword short", TestName = "A frequent other word in shorter titles (joined)")]
    [TestCase("short longerword", TestName = "The same in the other order")]
    [TestCase("longerword uniquely", TestName = "An other word within the driver's range (materialised)")]
    public async Task Two_words_past_the_bound_list_the_drivers_first_title_matches(string search)
    {
        var ids = await SearchIdsAsync(search);
        Assert.That(ids, Has.Length.EqualTo(5));
        Assert.That(ids, Is.Unique);
        Assert.That(ids, Is.SubsetOf(_both));
        if (backend == Backend.Production)
        {
            Assert.That(ids, Is.EqualTo(_both.Take(5)), "MariaDB lists the shortest matching titles in order");
        }
    }

    private async Task<string[]> SearchIdsAsync(string search)
    {
        using var response = await _node!.Http.PostAsJsonAsync("API/VIDEO/", new { Search = search });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement[]>())!.Select(v => v.GetProperty("ID").GetString()!).ToArray();
    }
}
