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
    public async Task Ready_for_api_and_endpoint_follows_the_database_while_live_stays_up()
    {
        var unreachable = new Dictionary<string, string>
        {
            ["Database:Provider"] = "MariaDb",
            ["Database:ConnectionString"] = "Server=127.0.0.1;Port=1;Database=myvid;User=myvid;Password=x;ConnectionTimeout=1",
            ["Database:MaxRetries"] = "0",
        };
        await using var node = await TestNode.StartAsync(Backend.Embedded, roles: "api,endpoint", settings: unreachable);
        using var ready = await node.Http.GetAsync("healthz/ready");
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        var body = await ready.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString(), Is.EqualTo("Unhealthy"));
        Assert.That(body.GetProperty("checks").TryGetProperty("objectStore", out _), Is.False, "the store is not a readiness check");
        using var live = await node.Http.GetAsync("healthz/live");
        Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await using var healthy = await TestNode.StartAsync(Backend.Embedded, roles: "api,endpoint");
        using var healthyReady = await healthy.Http.GetAsync("healthz/ready");
        Assert.That(healthyReady.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_media_node_is_ready_once_registered_with_an_endpoint()
    {
        await using var bare = await TestNode.StartAsync(Backend.Embedded, roles: "media");
        using var notReady = await bare.Http.GetAsync("healthz/ready");
        Assert.That(notReady.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        var body = await notReady.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(body.GetProperty("checks").GetProperty("endpointRegistration").GetProperty("status").GetString(), Is.EqualTo("Unhealthy"));
        using var live = await bare.Http.GetAsync("healthz/live");
        Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var secret = new Dictionary<string, string> { ["Signalling:ClusterSecret"] = new string('s', 40) };
        await using var endpoint = await TestNode.StartAsync(Backend.Embedded, roles: "endpoint", settings: secret);
        await using var media = await TestNode.StartAsync(Backend.Embedded, roles: "media", settings: new Dictionary<string, string>(secret)
        {
            ["Media:Control:Endpoints:0"] = endpoint.BaseUrl.AbsoluteUri,
        });
        var status = HttpStatusCode.ServiceUnavailable;
        for (var i = 0; i < 100 && status != HttpStatusCode.OK; i++)
        {
            await Task.Delay(100);
            using var ready = await media.Http.GetAsync("healthz/ready");
            status = ready.StatusCode;
        }
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), "not registered within 10 s");
    }

    [Test]
    public async Task A_role_that_is_off_registers_no_endpoint()
    {
        await using var node = await TestNode.StartAsync(Backend.Embedded, roles: "media");
        using var response = await node.Http.PostAsync("API/VIDEO/", null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        // 503: a media node without an endpoint serves nobody (A_media_node_is_ready_once_registered_with_an_endpoint).
        using var healthz = await node.Http.GetAsync("healthz");
        var health = await healthz.Content.ReadFromJsonAsync<JsonElement>();
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
