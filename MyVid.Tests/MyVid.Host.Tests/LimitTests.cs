using System.Net;
using System.Net.Sockets;
using System.Text;
using MyVid.Testing;

namespace MyVid.Host.Tests;

/// <summary>Hostile-input bounds every node has: per-address rate limits on the public API, forwarded addresses, slow bodies.</summary>
public sealed class LimitTests
{
    [Test]
    public async Task Beyond_its_burst_an_address_gets_429_problem_json_with_Retry_After_and_health_checks_are_not_limited()
    {
        await using var node = await TestNode.StartAsync(Backend.Embedded, settings: Limited());
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 10; i++)
        {
            var response = await node.Http.GetAsync("API/VIDEO/");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused ??= response;
            }
        }
        Assert.That(statuses.Take(3), Has.All.EqualTo(HttpStatusCode.OK), "the burst");
        Assert.That(refused, Is.Not.Null, string.Join(",", statuses));
        Assert.That(refused!.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(refused.Headers.RetryAfter?.Delta, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)));
        for (var i = 0; i < 10; i++)
        {
            using var health = await node.Http.GetAsync("healthz");
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
    }

    [Test]
    public async Task Forwarded_addresses_count_only_from_a_trusted_proxy()
    {
        // Burst 3, one more a second: ten quick requests from one address meet the limit, from ten addresses they do not.
        string[] many = [.. Enumerable.Range(1, 10).Select(i => $"10.0.0.{i}")];
        await using var trusting = await TestNode.StartAsync(Backend.Embedded, settings: Limited(("Proxy:TrustedAddresses:0", "127.0.0.1")));
        Assert.That(await StatusesAsync(trusting, many), Has.All.EqualTo(HttpStatusCode.OK), "each forwarded address has a bucket of its own");
        Assert.That(await StatusesAsync(trusting, [.. Enumerable.Repeat("10.0.1.1", 10)]), Does.Contain(HttpStatusCode.TooManyRequests));

        await using var untrusting = await TestNode.StartAsync(Backend.Embedded, settings: Limited());
        Assert.That(await StatusesAsync(untrusting, many), Does.Contain(HttpStatusCode.TooManyRequests),
            "without a trusted proxy the header is ignored: one address, one bucket");
    }

    [Test]
    public async Task A_body_trickled_below_Kestrel_s_minimum_rate_gets_408_not_500()
    {
        await using var node = await TestNode.StartAsync(Backend.Embedded);
        using var client = new TcpClient();
        await client.ConnectAsync(node.BaseUrl.Host, node.BaseUrl.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /API/VIDEO/ HTTP/1.1\r\nHost: {node.BaseUrl.Authority}\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n{{"));
        var answer = new StringBuilder();
        var buffer = new byte[4096];
        var reading = stream.ReadAsync(buffer).AsTask();
        // One byte a second; Kestrel wants 240 bytes/s after a 5 s grace.
        for (var i = 0; i < 30 && !reading.IsCompleted; i++)
        {
            await Task.WhenAny(reading, Task.Delay(1000));
            if (!reading.IsCompleted)
            {
                await stream.WriteAsync(" "u8.ToArray());
            }
        }
        Assert.That(reading.IsCompleted, Is.True, "the server answered within 30 s");
        answer.Append(Encoding.ASCII.GetString(buffer, 0, await reading));
        Assert.That(answer.ToString(), Does.StartWith("HTTP/1.1 408"));
    }

    [Test]
    public async Task A_burst_smaller_than_the_rate_stops_the_host_naming_the_key()
    {
        using var errors = new StringWriter();
        var exit = await MyVidHost.RunAsync(["--RateLimit:PermitsPerSecond=50", "--RateLimit:Burst=10"], TextWriter.Null, errors);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(errors.ToString(), Does.Contain("RateLimit:Burst"));
    }

    private static Dictionary<string, string> Limited(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string> { ["RateLimit:PermitsPerSecond"] = "1", ["RateLimit:Burst"] = "3" };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }
        return settings;
    }

    private static async Task<List<HttpStatusCode>> StatusesAsync(TestNode node, IEnumerable<string> forwardedFor)
    {
        var statuses = new List<HttpStatusCode>();
        foreach (var address in forwardedFor)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "API/VIDEO/");
            request.Headers.Add("X-Forwarded-For", address);
            using var response = await node.Http.SendAsync(request);
            statuses.Add(response.StatusCode);
        }
        return statuses;
    }
}
