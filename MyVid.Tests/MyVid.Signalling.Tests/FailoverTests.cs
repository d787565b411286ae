using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MyVid.Media.Catalog;
using MyVid.Media.Control;
using MyVid.Media.Sfu;
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

    [Test]
    public async Task A_live_entry_follows_its_media_node_to_the_other_endpoint()
    {
        await using var cluster = await Cluster.CreateAsync(backend);
        await using var api = await cluster.StartNodeAsync(backend, "api");
        using var a = await HostProcess.StartAsync("endpoint", cluster.Settings);
        using var b = await HostProcess.StartAsync("endpoint", cluster.Settings);
        // The real control link and catalogue, with the SFU's directory and the mover; the stream itself is not needed.
        using var media = await EndpointLinkTests.StartLinkAsync(cluster, [a.BaseUrl.AbsoluteUri, b.BaseUrl.AbsoluteUri], configure: services =>
        {
            services.AddSingleton<StreamDirectory>();
            services.AddHostedService<LiveEntryMover>();
        });
        var state = media.Services.GetRequiredService<LinkState>();
        await BridgeTests.WaitUntilAsync(() => state.Current is not null);
        var first = state.Current!;
        var videoId = await media.Services.GetRequiredService<IMediaCatalog>().CreateLiveAsync("Moving", "", "s1", CancellationToken.None);
        media.Services.GetRequiredService<StreamDirectory>().Add("s1", trace: null).VideoId = videoId;
        Assert.That(await ControlUrlAsync(api, videoId), Is.EqualTo($"http://{a.BaseUrl.Authority}/ENDPOINT/{first.NodeId}"));

        a.Kill();
        await BridgeTests.WaitUntilAsync(() => state.Current is { } now && now != first);
        var second = state.Current!;
        Assert.That(second.Endpoint.Authority, Is.EqualTo(b.BaseUrl.Authority));
        await BridgeTests.WaitUntilAsync(async () => await ControlUrlAsync(api, videoId) == $"http://{b.BaseUrl.Authority}/ENDPOINT/{second.NodeId}");
        using var viaB = await new HttpClient().GetAsync(new Uri(b.BaseUrl, "ENDPOINT/" + second.NodeId));
        Assert.That(viaB.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "the new ControlURL names a node attached there (a plain GET is refused as not a WebSocket)");
        await media.StopAsync();
    }

    private static async Task<string?> ControlUrlAsync(TestNode api, string videoId)
    {
        using var response = await api.Http.GetAsync("API/VIDEO/" + videoId);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("ControlURL").GetString();
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
