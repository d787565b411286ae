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
using MyVid.Media.Sessions;
using MyVid.Media.Sfu;
using MyVid.Media.Transport;
using MyVid.Platform.Roles;

namespace MyVid.Media.Tests.Harness;

/// <summary>
/// The Media module on a small Kestrel server standing in for the control link: <c>ws://127.0.0.1:port/session</c>
/// hands each socket to the node's <see cref="IClientSessionHandler"/>.
/// </summary>
internal sealed class MediaNode : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentBag<HttpContext> _sessions = [];

    private MediaNode(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public Uri SessionUrl => new($"ws://{BaseUrl.Authority}/session");

    public FakeMediaCatalog Catalog => _app.Services.GetRequiredService<FakeMediaCatalog>();

    public MediaLoop Loop => _app.Services.GetRequiredService<MediaLoop>();

    public LiveRouter Router => _app.Services.GetRequiredService<LiveRouter>();

    public StreamDirectory Streams => _app.Services.GetRequiredService<StreamDirectory>();

    /// <summary>What the node's heartbeats report.</summary>
    public IMediaLoad Load => _app.Services.GetRequiredService<IMediaLoad>();

    public static async Task<MediaNode> StartAsync(IDatagramDropFilter? dropFilter = null, IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Media:BindAddress"] = "127.0.0.1",
            ["Media:ViewerReportSeconds"] = "1",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        new MediaModule().AddServices(builder.Services, builder.Configuration, new ActiveRoles(NodeRoles.Media));
        builder.Services.AddSingleton<FakeMediaCatalog>();
        builder.Services.AddSingleton<IMediaCatalog>(sp => sp.GetRequiredService<FakeMediaCatalog>());
        if (dropFilter is not null)
        {
            builder.Services.AddSingleton(dropFilter);
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
        node = new MediaNode(app, new Uri(app.Urls.First()));
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
    }
}
