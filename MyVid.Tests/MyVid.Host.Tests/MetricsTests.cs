using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using MyVid.Testing;

namespace MyVid.Host.Tests;

/// <summary><c>GET /metrics</c>: the values move when traffic flows through the node.</summary>
public sealed class MetricsTests
{
    private static readonly Dictionary<string, string> NoProbe = new() { ["Upload:Probe:Enabled"] = "false" };

    [Test]
    public async Task Api_requests_show_in_the_http_request_counter_and_histogram()
    {
        await using var node = await TestNode.StartAsync(Backend.Embedded, roles: "api,endpoint");
        var before = await MetricsScrape.ReadAsync(node.Http);
        for (var i = 0; i < 3; i++)
        {
            using var response = await node.Http.PostAsJsonAsync("API/VIDEO/", new { Search = "anything" });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        var after = await MetricsScrape.ReadAsync(node.Http);
        const string route = "http_route=\"/API/VIDEO/\"";
        Assert.That(after.Sum("http_server_request_duration_seconds_count", route) - before.Sum("http_server_request_duration_seconds_count", route),
            Is.EqualTo(3));
        Assert.That(after.Sum("http_server_request_duration_seconds_bucket", route, "le=\"+Inf\""), Is.GreaterThanOrEqualTo(3));
        Assert.That(after.Sum("http_server_request_duration_seconds_sum", route), Is.GreaterThan(0));
        Assert.That(after.Has("dotnet_process_cpu_time_seconds_total"), Is.True, "the runtime's CPU time, for CPU per forwarded packet");
    }

    [Test]
    public async Task An_upload_counts_as_started_and_published_and_grows_the_catalogue()
    {
        await using var node = await TestNode.StartAsync(Backend.Embedded, settings: NoProbe);
        var before = await MetricsScrape.ReadAsync(node.Http);
        Assert.That(before.Sum("myvid_catalog_videos", "kind=\"MyVid\""), Is.Zero);

        await TestUpload.PublishAsync(node.Http, "Metrics");

        var after = await MetricsScrape.ReadAsync(node.Http);
        Assert.That(after.Sum("myvid_upload_started_total"), Is.EqualTo(1));
        Assert.That(after.Sum("myvid_upload_published_total"), Is.EqualTo(1));
        Assert.That(after.Sum("myvid_catalog_videos", "kind=\"MyVid\""), Is.EqualTo(1));
    }

    [Test]
    public async Task A_bridged_websocket_counts_while_open_and_in_the_total()
    {
        await using var node = await TestNode.StartAsync(Backend.Embedded);
        var stream = await NewStreamAsync(node.Http);
        var url = new Uri($"ws://{stream.GetProperty("Server").GetString()}/ENDPOINT/{stream.GetProperty("Endpoint").GetString()}");

        using (var socket = new ClientWebSocket())
        {
            await socket.ConnectAsync(url, CancellationToken.None);
            var open = await WaitForAsync(node.Http, m => m.Sum("myvid_endpoint_bridges_open") == 1);
            Assert.That(open.Sum("myvid_endpoint_bridges_total"), Is.EqualTo(1));
            Assert.That(open.Sum("myvid_endpoint_media_nodes"), Is.EqualTo(1));
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        }

        var closed = await WaitForAsync(node.Http, m => m.Sum("myvid_endpoint_bridges_open") == 0);
        Assert.That(closed.Sum("myvid_endpoint_bridges_total"), Is.EqualTo(1));
    }

    /// <summary>NEWSTREAM answers 503 until the node's media role has registered with its endpoint role; waits up to 10 s.</summary>
    private static async Task<JsonElement> NewStreamAsync(HttpClient http)
    {
        for (var i = 0; ; i++)
        {
            using var response = await http.GetAsync("API/NEWSTREAM/");
            if (response.StatusCode == HttpStatusCode.OK || i == 100)
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
                return await response.Content.ReadFromJsonAsync<JsonElement>();
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Bridging happens on the server's tasks: polls for up to 10 s, then returns the last scrape for the assertion to fail on.</summary>
    private static async Task<MetricsScrape> WaitForAsync(HttpClient http, Func<MetricsScrape, bool> condition)
    {
        var scrape = await MetricsScrape.ReadAsync(http);
        for (var i = 0; i < 100 && !condition(scrape); i++)
        {
            await Task.Delay(100);
            scrape = await MetricsScrape.ReadAsync(http);
        }
        Assert.That(condition(scrape), Is.True, "the metric did not reach the expected value within 10 s");
        return scrape;
    }
}
