using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MyVid.Catalog.Persistence;
using MyVid.Testing;

namespace MyVid.Catalog.Tests;

/// <summary>
/// Search ranks at most Catalog:SearchCandidates candidates per tier: with a bound of 5, 8 title matches and 8
/// description matches list 5 title matches first, then at most 10 more from the later tiers, and pages of any
/// size cut the same list, across the tiers, without repeating or skipping a row.
/// </summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Production)]
public sealed class BoundedSearchTests(Backend backend)
{
    private TestNode? _node;
    private HashSet<string> _titled = null!;
    private HashSet<string> _described = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _node = await TestNode.StartAsync(backend, settings: new Dictionary<string, string>
        {
            ["Catalog:SearchCandidates"] = "5",
            ["Catalog:MaxPageSize"] = "5",
            ["Catalog:PageSize"] = "3",
        });
        var titled = Enumerable.Range(0, 8).Select(i => CatalogSeed.NewVideo($"Orbital mechanics part {i}", description: "Rockets.")).ToArray();
        var described = Enumerable.Range(0, 8).Select(i => CatalogSeed.NewVideo($"Talk {i}", description: "About orbital mechanics.")).ToArray();
        _titled = titled.Select(v => v.Id).ToHashSet();
        _described = described.Select(v => v.Id).ToHashSet();
        await CatalogSeed.AddAsync(_node, [.. titled, .. described]);
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
    public async Task Lists_at_most_the_bound_per_tier_title_matches_first()
    {
        var all = await AllPagesAsync("orbit", pageSize: 5);
        Assert.That(all, Is.Unique);
        Assert.That(all, Has.Count.InRange(6, 3 * 5), "5 title matches, then some of the rest, never more than 3 tiers of 5");
        Assert.That(all.Take(5), Is.SubsetOf(_titled), "tier 0 is title matches");
        Assert.That(all, Is.SubsetOf(_titled.Concat(_described)));
    }

    [Test]
    public async Task Pages_of_any_size_cut_the_same_list_across_tiers()
    {
        var byFive = await AllPagesAsync("orbit", pageSize: 5);
        var byThree = await AllPagesAsync("orbit", pageSize: 3);
        var byTwo = await AllPagesAsync("orbital mechanics", pageSize: 2);
        Assert.That(byThree, Is.EqualTo(byFive));
        Assert.That(byTwo, Has.Count.GreaterThan(5));
        Assert.That(byTwo.Take(5), Is.SubsetOf(_titled));
    }

    private async Task<List<string>> AllPagesAsync(string search, int pageSize)
    {
        var all = new List<string>();
        for (var page = 1; page <= 20; page++)
        {
            var ids = await SearchIdsAsync(search, page, pageSize);
            all.AddRange(ids);
            if (ids.Length < pageSize)
            {
                break;
            }
        }
        return all;
    }

    private async Task<string[]> SearchIdsAsync(string search, int page, int pageSize)
    {
        var body = JsonSerializer.Serialize(new { Search = search, Page = page, PageSize = pageSize });
        using var response = await _node!.Http.PostAsync("API/VIDEO/", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement[]>())!.Select(v => v.GetProperty("ID").GetString()!).ToArray();
    }
}
