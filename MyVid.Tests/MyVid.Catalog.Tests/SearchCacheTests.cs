using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MyVid.Catalog.Contracts;
using MyVid.Catalog.Persistence;
using MyVid.Testing;

namespace MyVid.Catalog.Tests;

/// <summary>
/// Kept search answers (Api/SearchAnswerCache) on a node that keeps them a minute: a title changed behind the
/// catalogue's back (as another node would) is not seen, so a fresh answer after a write proves the write forgot it.
/// </summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Production)]
public sealed class SearchCacheTests(Backend backend)
{
    private TestNode? _node;

    [OneTimeSetUp]
    public async Task StartAsync() =>
        _node = await TestNode.StartAsync(backend, settings: new Dictionary<string, string> { ["Catalog:SearchCacheSeconds"] = "60" });

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }

    [Test]
    public async Task A_repeated_search_is_answered_from_the_kept_answer_until_a_write_through_the_node()
    {
        var word = "zyx" + Guid.NewGuid().ToString("N")[..8];
        var video = CatalogSeed.NewVideo($"Original {word} talk");
        var other = CatalogSeed.NewVideo("Unrelated", visibility: VideoVisibility.Private);
        await CatalogSeed.AddAsync(_node!, video, other);
        Assert.That(await TitlesAsync(word), Is.EqualTo(new[] { $"Original {word} talk" }));

        await CatalogSeed.RetitleBehindAsync(_node!, video.Id, $"Changed {word} talk");
        Assert.That(await TitlesAsync(word), Is.EqualTo(new[] { $"Original {word} talk" }), "kept");
        Assert.That(await TitlesAsync(word, page: 2), Is.Empty, "another page is its own search");

        await using (var scope = _node!.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ICatalogWriter>().PublishAsync(other.Id, CancellationToken.None);
        }
        Assert.That(await TitlesAsync(word), Is.EqualTo(new[] { $"Changed {word} talk" }), "forgotten by the publish of another video");
    }

    [Test]
    public async Task Hiding_a_video_takes_it_out_of_kept_searches_at_once()
    {
        var word = "wvu" + Guid.NewGuid().ToString("N")[..8];
        var video = CatalogSeed.NewVideo($"Soon hidden {word}");
        await CatalogSeed.AddAsync(_node!, video);
        Assert.That(await TitlesAsync(word), Has.Length.EqualTo(1));
        await _node!.RunAsync("videos", "hide", video.Id);
        Assert.That(await TitlesAsync(word), Is.Empty);
    }

    private async Task<string?[]> TitlesAsync(string search, int page = 1)
    {
        using var response = await _node!.Http.PostAsJsonAsync("API/VIDEO/", new { Search = search, Page = page });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var rows = await response.Content.ReadFromJsonAsync<JsonElement[]>();
        return rows!.Select(r => r.GetProperty("Title").GetString()).ToArray();
    }
}
