using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MyVid.Catalog.Persistence;
using MyVid.Testing;

namespace MyVid.Catalog.Tests;

/// <summary>POST /API/VIDEO/ with "Type": a random selection of live streams only, or of everything else.</summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Production)]
public sealed class VideoTypeFilterTests(Backend backend)
{
    private TestNode? _node;
    private Video[] _live = null!;
    private Video _ended = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _node = await TestNode.StartAsync(backend, settings: new Dictionary<string, string> { ["Catalog:RandomCount"] = "5" });
        _live = [Live("Morning stream"), Live("Evening stream")];
        // An ended stream is private: never listed.
        _ended = Live("Yesterday's stream");
        _ended.Visibility = VideoVisibility.Private;
        var stored = Enumerable.Range(0, 30).Select(i => CatalogSeed.NewVideo($"Talk {i}", i % 2 == 0 ? VideoKind.Http : VideoKind.MyVid)).ToArray();
        await CatalogSeed.AddAsync(_node, [.. _live, _ended, .. stored]);
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
    public async Task Type_WebRTC_lists_every_public_live_stream_and_nothing_else()
    {
        // Among 32 public videos a random five would mostly miss the two streams; the filter never does.
        for (var i = 0; i < 5; i++)
        {
            var list = await ListAsync(new { Type = "WebRTC" });
            Assert.That(list.Select(v => v.GetProperty("ID").GetString()), Is.EquivalentTo(_live.Select(v => v.Id)));
            Assert.That(list.Select(v => v.GetProperty("Type").GetString()), Has.All.EqualTo("WebRTC"));
        }
    }

    [Test]
    public async Task Type_HTTP_lists_stored_and_remote_videos_but_no_stream()
    {
        var seen = new HashSet<string>();
        for (var i = 0; i < 10; i++)
        {
            var list = await ListAsync(new { Type = "HTTP" });
            Assert.That(list, Has.Length.EqualTo(5));
            Assert.That(list.Select(v => v.GetProperty("Type").GetString()), Has.All.EqualTo("HTTP"));
            seen.UnionWith(list.Select(v => v.GetProperty("ID").GetString()!));
        }
        Assert.That(seen, Has.None.AnyOf(_live.Select(v => v.Id).Append(_ended.Id).ToArray()));
    }

    [TestCase("webrtc")]
    [TestCase("MYVID")]
    [TestCase("")]
    public async Task An_unknown_type_is_a_400_problem_naming_the_field(string type)
    {
        using var response = await _node!.Http.PostAsJsonAsync("API/VIDEO/", new { Type = type });
        await AssertTypeProblemAsync(response);
    }

    [Test]
    public async Task Type_with_a_search_is_a_400_problem()
    {
        using var response = await _node!.Http.PostAsJsonAsync("API/VIDEO/", new { Search = "stream", Type = "WebRTC" });
        await AssertTypeProblemAsync(response);
    }

    [Test]
    public async Task A_live_entry_answers_the_viewer_count_its_node_reported()
    {
        await using (var scope = _node!.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            await db.Videos.Where(v => v.Id == _live[0].Id).ExecuteUpdateAsync(s => s.SetProperty(v => v.Viewers, 12));
        }
        var json = await _node.Http.GetFromJsonAsync<JsonElement>("API/VIDEO/" + _live[0].Id);
        Assert.That(json.GetProperty("Viewers").GetInt32(), Is.EqualTo(12));
        var other = await _node.Http.GetFromJsonAsync<JsonElement>("API/VIDEO/" + _live[1].Id);
        Assert.That(other.GetProperty("Viewers").GetInt32(), Is.Zero, "none reported yet");
    }

    [Test]
    public async Task The_openapi_document_describes_the_type_field()
    {
        var document = await _node!.Http.GetFromJsonAsync<JsonElement>("openapi/v1.json");
        var post = document.GetProperty("paths").GetProperty("/API/VIDEO").GetProperty("post");
        Assert.That(post.GetProperty("description").GetString(), Does.Contain("WebRTC"));
        var schema = post.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.That(schema.GetProperty("properties").TryGetProperty("type", out _), Is.True, schema.ToString());
    }

    private static Video Live(string title)
    {
        var video = CatalogSeed.NewVideo(title, VideoKind.WebRtc);
        video.ControlUrl = "https://endpoint.example/ENDPOINT/N0de1234";
        video.StreamId = Guid.NewGuid().ToString("N");
        return video;
    }

    private async Task<JsonElement[]> ListAsync(object body)
    {
        using var response = await _node!.Http.PostAsJsonAsync("API/VIDEO/", body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement[]>())!;
    }

    private static async Task AssertTypeProblemAsync(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("errors").TryGetProperty("Type", out _), Is.True, problem.ToString());
    }
}
