using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MyVid.Media.Tests.Harness;

/// <summary>
/// A loopback origin of its own (a secure context for the fake camera) that LivePage writes the test page into, for
/// tests against a whole MyVid node, which has no such page.
/// </summary>
internal sealed class PageServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PageServer(WebApplication app)
    {
        _app = app;
        BaseUrl = new Uri(app.Urls.First());
    }

    public Uri BaseUrl { get; }

    public static async Task<PageServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/healthz", () => "ok"); // the origin the test page is written into (LivePage)
        await app.StartAsync();
        return new PageServer(app);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
