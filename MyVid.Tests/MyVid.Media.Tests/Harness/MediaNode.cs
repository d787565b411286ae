using System.Collections.Concurrent;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MyVid.Media.Catalog;
using MyVid.Media.Control;
using MyVid.Media.Recording;
using MyVid.Media.Sessions;
using MyVid.Media.Sfu;
using MyVid.Media.Transport;
using MyVid.Platform;
using MyVid.Platform.Roles;
using MyVid.Platform.Storage;

namespace MyVid.Media.Tests.Harness;

/// <summary>
/// The Media module on a small Kestrel server standing in for the control link: <c>ws://127.0.0.1:port/session</c>
/// hands each socket to the node's <see cref="IClientSessionHandler"/>; recordings go to a local object store in a
/// folder of its own.
/// </summary>
internal sealed class MediaNode : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentBag<HttpContext> _sessions = [];

    private readonly string _dataFolder;

    private MediaNode(WebApplication app, Uri baseUrl, string dataFolder)
    {
        _app = app;
        BaseUrl = baseUrl;
        _dataFolder = dataFolder;
    }

    public Uri BaseUrl { get; }

    public Uri SessionUrl => new($"ws://{BaseUrl.Authority}/session");

    public FakeMediaCatalog Catalog => _app.Services.GetRequiredService<FakeMediaCatalog>();

    public MediaLoop Loop => _app.Services.GetRequiredService<MediaLoop>();

    public LiveRouter Router => _app.Services.GetRequiredService<LiveRouter>();

    public StreamDirectory Streams => _app.Services.GetRequiredService<StreamDirectory>();

    /// <summary>What the node's heartbeats report.</summary>
    public IMediaLoad Load => _app.Services.GetRequiredService<IMediaLoad>();

    public IObjectStore Store => _app.Services.GetRequiredService<IObjectStore>();

    public LiveRecordings Recordings => _app.Services.GetRequiredService<LiveRecordings>();

    public static async Task<MediaNode> StartAsync(IDatagramDropFilter? dropFilter = null, IDictionary<string, string?>? settings = null,
        IReceiveDropFilter? receiveDropFilter = null)
    {
        var dataFolder = Directory.CreateTempSubdirectory("myvid-media-node-").FullName;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Media:BindAddress"] = "127.0.0.1",
            ["Media:ViewerReportSeconds"] = "1",
            ["Node:DataFolder"] = dataFolder, // the local object store the recordings go to
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Services.AddPlatform(builder.Configuration, new ActiveRoles(NodeRoles.Media));
        new MediaModule().AddServices(builder.Services, builder.Configuration, new ActiveRoles(NodeRoles.Media));
        builder.Services.AddSingleton<FakeMediaCatalog>();
        builder.Services.AddSingleton<IMediaCatalog>(sp => sp.GetRequiredService<FakeMediaCatalog>());
        if (dropFilter is not null)
        {
            builder.Services.AddSingleton(dropFilter);
        }

        if (receiveDropFilter is not null)
        {
            builder.Services.AddSingleton(receiveDropFilter);
        }

        var app = builder.Build();
        MediaNode? node = null;
        app.UseWebSockets();
        app.Map("/session", async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = 400;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            node!._sessions.Add(context);
            // As the control link does: the node's stopping token, not the request's (a broken socket must show as one).
            await context.RequestServices.GetRequiredService<IClientSessionHandler>().RunAsync(socket, app.Lifetime.ApplicationStopping);
        });
        app.MapGet("/healthz", () => "ok"); // the origin the test pages are written into (LivePage)
        await app.StartAsync();
        node = new MediaNode(app, new Uri(app.Urls.First()), dataFolder);
        return node;
    }

    /// <summary>Drops every signalling connection without a close, as an endpoint that dies does.</summary>
    public void BreakSessions()
    {
        foreach (var session in _sessions)
        {
            session.Abort();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_dataFolder, recursive: true);
    }
}
