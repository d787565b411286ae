using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MyVid.Testing;

namespace MyVid.Host.Tests;

public sealed class NodeTests
{
    [Test]
    public async Task Healthz_reports_the_active_roles_and_each_part()
    {
        await using var node = await TestNode.StartAsync(Backend.Embedded, roles: "api,endpoint");
        var health = await node.Http.GetFromJsonAsync<JsonElement>("healthz");
        Assert.That(health.GetProperty("status").GetString(), Is.EqualTo("Healthy"));
        Assert.That(health.GetProperty("roles").EnumerateArray().Select(r => r.GetString()), Is.EqualTo(new[] { "api", "endpoint" }));
        Assert.That(health.GetProperty("checks").GetProperty("database").GetProperty("status").GetString(), Is.EqualTo("Healthy"));
        Assert.That(health.GetProperty("checks").GetProperty("objectStore").GetProperty("status").GetString(), Is.EqualTo("Healthy"));
    }

    [Test]
    public async Task Healthz_is_503_when_the_object_store_is_gone()
    {
        await using var node = await TestNode.StartAsync(Backend.Embedded);
        Directory.Delete(Path.Combine(node.DataFolder, "objects"), recursive: true);
        using var response = await node.Http.GetAsync("healthz");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        var health = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(health.GetProperty("checks").GetProperty("objectStore").GetProperty("status").GetString(), Is.EqualTo("Unhealthy"));
    }

    [Test]
    public async Task A_role_that_is_off_registers_no_endpoint()
    {
        await using var node = await TestNode.StartAsync(Backend.Embedded, roles: "media");
        using var response = await node.Http.PostAsync("API/VIDEO/", null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var health = await node.Http.GetFromJsonAsync<JsonElement>("healthz");
        Assert.That(health.GetProperty("roles").EnumerateArray().Select(r => r.GetString()), Is.EqualTo(new[] { "media" }));
    }

    [Test]
    public async Task The_openapi_document_describes_the_catalogue_api_and_scalar_shows_it()
    {
        await using var node = await TestNode.StartAsync(Backend.Embedded);
        var document = await node.Http.GetFromJsonAsync<JsonElement>("openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToArray();
        Assert.That(paths, Is.SupersetOf(new[] { "/API/VIDEO", "/API/VIDEO/{id}" }));
        var body = document.GetProperty("paths").GetProperty("/API/VIDEO").GetProperty("post").GetProperty("requestBody");
        Assert.That(body.GetProperty("content").TryGetProperty("application/json", out _), Is.True, body.ToString());
        using var scalar = await node.Http.GetAsync("scalar/");
        Assert.That(scalar.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_fresh_all_roles_node_loads_the_demo_catalogue()
    {
        await using var node = await TestNode.StartAsync(Backend.Embedded, settings: new Dictionary<string, string> { ["Catalog:LoadDemoCatalog"] = "true" });
        var results = await (await node.Http.PostAsJsonAsync("API/VIDEO/", new { Search = "kde" })).Content.ReadFromJsonAsync<JsonElement[]>();
        Assert.That(results, Is.Not.Empty);
        Assert.That(results!.Select(r => r.GetProperty("ID").GetString()), Has.All.StartWith("CCC"));
    }
}
