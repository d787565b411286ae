using System.Diagnostics;
using System.Net;
using MyVid.Testing;

namespace MyVid.Upload.Tests;

/// <summary>Two endpoint processes heartbeat into the Nodes table; the api node routes uploads to the live ones.</summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Production)]
public sealed class EndpointDiscoveryTests(Backend backend)
{
    // Far longer than two heartbeats: a crashed endpoint must be dropped long before its row is stale.
    private static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(30);

    [Test]
    public async Task NEWUPLOAD_routes_to_the_survivor_once_a_killed_endpoint_misses_its_heartbeats()
    {
        await using var shared = await SharedParts.CreateAsync(backend, Settings.Fast(
            ("Signalling:HeartbeatInterval", "00:00:00.300"),
            ("Signalling:StaleAfter", StaleAfter.ToString())));
        await using var api = await TestNode.StartAsync(backend, "api", shared.Settings);
        using var a = await HostProcess.StartAsync("endpoint", shared.Settings);
        using var b = await HostProcess.StartAsync("endpoint", shared.Settings);
        var client = new UploadApi(api.Http);

        var seen = new HashSet<string>();
        for (var i = 0; i < 100 && seen.Count < 2; i++)
        {
            seen.Add(await client.NewUploadAsync());
            await Task.Delay(50);
        }
        Assert.That(seen, Is.EquivalentTo(new[] { NewVideoUpload(a), NewVideoUpload(b) }), "round robin over both");

        a.Kill();
        var lapse = Stopwatch.StartNew();
        while (!await AllAsync(client, NewVideoUpload(b), 6))
        {
            Assert.That(lapse.Elapsed, Is.LessThan(StaleAfter / 2), "the killed node is still chosen after missing its heartbeats");
            await Task.Delay(200);
        }

        var (status, body) = await UploadApi.NewVideoUploadAsync(NewVideoUpload(b), new { title = "Via survivor", VideoFilename = "s.mp4" });
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString());

        // A clean stop deregisters at once, without waiting for staleness; the crashed node's row, silent but not stale
        // yet, is all that is left: recent heartbeats are a preference, StaleAfter the verdict.
        await b.StopAsync();
        Assert.That(await client.NewUploadAsync(), Is.EqualTo(NewVideoUpload(a)));
    }

    private static async Task<bool> AllAsync(UploadApi client, string expected, int times)
    {
        for (var i = 0; i < times; i++)
        {
            if (await client.NewUploadAsync() != expected)
            {
                return false;
            }
        }
        return true;
    }

    private static string NewVideoUpload(HostProcess endpoint) => new Uri(endpoint.BaseUrl, "NEWVIDEOUPLOAD").AbsoluteUri;
}
