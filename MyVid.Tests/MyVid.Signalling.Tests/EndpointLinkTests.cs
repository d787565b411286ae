using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MyVid.Media.Catalog;
using MyVid.Media.Control;
using MyVid.Media.Sessions;
using MyVid.Signalling.Persistence;
using Microsoft.EntityFrameworkCore;
using MyVid.Platform.Hosting;
using MyVid.Platform.Roles;
using MyVid.Testing;

namespace MyVid.Signalling.Tests;

/// <summary>The media side's real control link (with an echoing session handler) and its catalogue over the media API.</summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Production)]
public sealed class EndpointLinkTests(Backend backend)
{
    [Test]
    public async Task The_real_link_registers_bridges_an_echo_and_creates_updates_and_ends_a_live_entry()
    {
        await using var cluster = await Cluster.CreateAsync(backend);
        await using var node = await cluster.StartNodeAsync(backend, "api,endpoint");
        using var media = await StartLinkAsync(cluster, [node.BaseUrl.AbsoluteUri]);
        var state = media.Services.GetRequiredService<LinkState>();
        await BridgeTests.WaitUntilAsync(() => state.Current is not null);
        var id = state.Current!.NodeId;

        using (var client = new ClientWebSocket())
        {
            await client.ConnectAsync(FakeMediaNode.SocketUri(node.BaseUrl, "/ENDPOINT/" + id), CancellationToken.None);
            Assert.That(await BridgeTests.EchoAsync(client, "{\"type\":\"join\",\"StreamID\":\"3443\"}"), Is.EqualTo("{\"type\":\"join\",\"StreamID\":\"3443\"}"));
            await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        }

        var catalog = media.Services.GetRequiredService<IMediaCatalog>();
        var videoId = await catalog.CreateLiveAsync("Stream Title", "Stream Description", "3443", CancellationToken.None);
        using (var live = await node.Http.GetAsync("API/VIDEO/" + videoId))
        {
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            var json = JsonDocument.Parse(await live.Content.ReadAsStringAsync()).RootElement;
            Assert.That(json.GetProperty("type").GetString(), Is.EqualTo("WebRTC"));
            Assert.That(json.GetProperty("ControlURL").GetString(), Is.EqualTo($"http://{node.BaseUrl.Authority}/ENDPOINT/{id}"));
            Assert.That(json.GetProperty("StreamID").GetString(), Is.EqualTo("3443"));
        }
        await catalog.ReportViewersAsync(videoId, 12, CancellationToken.None);
        await catalog.MoveLiveAsync(videoId, CancellationToken.None);
        await catalog.MarkEndedAsync(videoId, CancellationToken.None);
        await catalog.MarkEndedAsync(videoId, CancellationToken.None);
        var endedMove = Assert.ThrowsAsync<HttpRequestException>(() => catalog.MoveLiveAsync(videoId, CancellationToken.None));
        Assert.That(endedMove!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "an ended entry is not moved");
        using (var ended = await node.Http.GetAsync("API/VIDEO/" + videoId))
        {
            Assert.That(ended.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "an ended stream is gone from the catalogue");
        }
        var missing = Assert.ThrowsAsync<HttpRequestException>(() => catalog.ReportViewersAsync("NoSuchVideo", 1, CancellationToken.None));
        Assert.That(missing!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        await media.StopAsync();
    }

    [Test]
    public async Task Heartbeats_carry_the_node_s_load_into_its_row()
    {
        await using var cluster = await Cluster.CreateAsync(backend);
        await using var node = await cluster.StartNodeAsync(backend, "api,endpoint");
        var load = new FixedLoad { Streams = 2, Viewers = 7 };
        using var media = await StartLinkAsync(cluster, [node.BaseUrl.AbsoluteUri], load: load);
        var state = media.Services.GetRequiredService<LinkState>();
        await BridgeTests.WaitUntilAsync(() => state.Current is not null);
        await BridgeTests.WaitUntilAsync(async () => await RowAsync(node, state.Current!.NodeId) is { Streams: 2, Viewers: 7 });
        load.Viewers = 9;
        await BridgeTests.WaitUntilAsync(async () => await RowAsync(node, state.Current!.NodeId) is { Viewers: 9 });
        await media.StopAsync();
    }

    [Test]
    public async Task A_link_with_the_wrong_secret_never_registers()
    {
        await using var cluster = await Cluster.CreateAsync(backend);
        await using var node = await cluster.StartNodeAsync(backend, "api,endpoint");
        using var media = await StartLinkAsync(cluster, [node.BaseUrl.AbsoluteUri], secret: "a-secret-of-another-cluster-0123456789");
        await Task.Delay(1500);
        Assert.That(media.Services.GetRequiredService<LinkState>().Current, Is.Null);
        using var none = await node.Http.GetAsync("API/NEWSTREAM/");
        Assert.That(none.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(none.Headers.RetryAfter, Is.Not.Null);
        Assert.That(none.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        await media.StopAsync();
    }

    internal static async Task<IHost> StartLinkAsync(Cluster cluster, IReadOnlyList<string> endpoints, string secret = Cluster.Secret,
        IMediaLoad? load = null, Action<IServiceCollection>? configure = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        var settings = new Dictionary<string, string?>
        {
            ["Signalling:ClusterSecret"] = secret,
            ["Node:DataFolder"] = cluster.Settings["Node:DataFolder"],
            ["Media:Control:ReconnectDelay"] = "00:00:00.200",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        for (var i = 0; i < endpoints.Count; i++)
        {
            settings[$"Media:Control:Endpoints:{i}"] = endpoints[i];
        }
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddOptions<NodeOptions>().BindConfiguration(NodeOptions.Section);
        if (load is not null)
        {
            builder.Services.AddSingleton(load); // as the SFU registers its StreamDirectory
        }
        builder.Services.AddMediaControl(builder.Configuration, new ActiveRoles(NodeRoles.Media));
        builder.Services.AddSingleton<IClientSessionHandler, EchoSessionHandler>();
        configure?.Invoke(builder.Services);
        builder.Services.AddSingleton<Microsoft.AspNetCore.Hosting.Server.IServer, NoServer>();
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task<NodeRecord?> RowAsync(TestNode node, string id)
    {
        await using var scope = node.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SignallingDbContext>();
        return await db.Nodes.AsNoTracking().SingleOrDefaultAsync(n => n.Id == id);
    }

    private sealed class FixedLoad : IMediaLoad
    {
        public int Streams { get; set; }

        public int Viewers { get; set; }
    }

    /// <summary>Echoes every frame as it came until the client closes.</summary>
    private sealed class EchoSessionHandler : IClientSessionHandler
    {
        public async Task RunAsync(WebSocket socket, CancellationToken cancellationToken)
        {
            var buffer = new byte[4096];
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
                await socket.SendAsync(buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage, cancellationToken);
            }
        }
    }

    /// <summary>A media-only host listens nowhere (the link only resolves IServer when it has no endpoints configured).</summary>
    private sealed class NoServer : Microsoft.AspNetCore.Hosting.Server.IServer
    {
        public Microsoft.AspNetCore.Http.Features.IFeatureCollection Features { get; } = new Microsoft.AspNetCore.Http.Features.FeatureCollection();

        public void Dispose()
        {
        }

        public Task StartAsync<TContext>(Microsoft.AspNetCore.Hosting.Server.IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
