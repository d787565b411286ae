using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MyVid.Testing;

namespace MyVid.Catalog.Tests;

/// <summary>Bad input to the catalogue API gets problem+json with the right status, never a 500.</summary>
public sealed class BadRequestTests
{
    private TestNode? _node;

    [OneTimeSetUp]
    public async Task StartAsync() => _node = await TestNode.StartAsync(Backend.Embedded);

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }

    [TestCase("{bad", "Malformed JSON")]
    [TestCase("[1,2]", "Malformed JSON")]
    [TestCase("null", "Malformed JSON")]
    [TestCase("{\"Search\": 5}", "Malformed JSON")]
    [TestCase("{\"Page\": 0}", "Invalid request")]
    [TestCase("{\"PageSize\": 1000}", "Invalid request")]
    public async Task Bad_bodies_get_a_400_problem(string body, string title)
    {
        using var response = await _node!.Http.PostAsync("API/VIDEO/", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo(title));
    }

    [Test]
    public async Task A_search_longer_than_200_characters_is_refused_naming_the_field()
    {
        using var response = await _node!.Http.PostAsJsonAsync("API/VIDEO/", new { Search = new string('a', 201) });
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem.GetProperty("errors").TryGetProperty("Search", out _), Is.True, problem.ToString());
    }

    [Test]
    public async Task A_body_over_64_KiB_is_refused_with_413()
    {
        using var response = await _node!.Http.PostAsync("API/VIDEO/", new StringContent("{\"Search\":\"" + new string('a', 70_000) + "\"}"));
        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Test]
    public async Task Property_names_match_whatever_their_case()
    {
        using var response = await _node!.Http.PostAsync("API/VIDEO/", new StringContent("{\"search\":\"x\",\"PAGESIZE\":0}"));
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem.GetProperty("errors").TryGetProperty("PageSize", out _), Is.True, problem.ToString());
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.That(response.StatusCode, Is.EqualTo(status));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
