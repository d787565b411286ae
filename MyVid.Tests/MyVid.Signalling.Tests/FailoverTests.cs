using System.Diagnostics;
using System.Net;
using System.Text.Json;
using MyVid.Testing;

namespace MyVid.Signalling.Tests;

/// <summary>
/// The roles apart, as separate processes of the same binary on one machine sharing the database: an api node, two
/// endpoints, a media node configured with both. Killing the endpoint the media node is attached to moves it to the other.
/// </summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Production)]
public sealed class FailoverTests(Backend backend)
{
    [Test]
    public async Task Killing_the_media_node_s_endpoint_makes_it_register_on_the_other_and_NEWSTREAM_points_there()
    {
        await using var cluster = await Cluster.CreateAsync(backend);
        await using var api = await cluster.StartNodeAsync(backend, "api");
        using var a = await HostProcess.StartAsync("endpoint", cluster.Settings);
        using var b = await HostProcess.StartAsync("endpoint", cluster.Settings);
        using var media = await HostProcess.StartAsync("media", cluster.Settings,
            ("Node:DataFolder", Directory.CreateTempSubdirectory("myvid-media-").FullName),
            ("Media:Control:NodeName", "media-one"),
            ("Media:Control:Endpoints:0", a.BaseUrl.AbsoluteUri),
            ("Media:Control:Endpoints:1", b.BaseUrl.AbsoluteUri),
            ("Media:Control:ReconnectDelay", "00:00:00.200"),
            ("Logging:LogLevel:MyVid", "Information"));

        var first = await WaitForServerAsync(api, a.BaseUrl.Authority, TimeSpan.FromSeconds(20), media);
        a.Kill();
        var moved = Stopwatch.StartNew();
        var second = await WaitForServerAsync(api, b.BaseUrl.Authority, TimeSpan.FromSeconds(10), media);
        TestContext.Out.WriteLine($"NEWSTREAM pointed at the survivor {moved.ElapsedMilliseconds} ms after the kill");
        Assert.That(second, Is.Not.EqualTo(first), "a new id on the new endpoint");

        using var gone = await api.Http.GetAsync("API/NEWSTREAM/");
        var body = JsonDocument.Parse(await gone.Content.ReadAsStringAsync()).RootElement;
        Assert.That(body.GetProperty("Server").GetString(), Is.EqualTo(b.BaseUrl.Authority), "the old row is not chosen any more");
        using var viaB = await new HttpClient().GetAsync(new Uri(b.BaseUrl, "ENDPOINT/" + first));
        Assert.That(viaB.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the old id means nothing on the survivor");
    }

    private static async Task<string> WaitForServerAsync(TestNode api, string authority, TimeSpan limit, HostProcess media)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            using var response = await api.Http.GetAsync("API/NEWSTREAM/");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                if (json.GetProperty("Server").GetString() == authority)
                {
                    return json.GetProperty("Endpoint").GetString()!;
                }
            }
            if (watch.Elapsed > limit)
            {
                Assert.Fail($"NEWSTREAM never pointed at {authority}; media node's output:\n{media.Output()}");
            }
            await Task.Delay(100);
        }
    }
}
