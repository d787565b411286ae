using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MyVid.Media.Tests.Harness;

/// <summary>
/// Serves the test page (live.html) from a loopback origin of its own (a secure context for the fake camera), for
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
        app.MapGet("/live.html", () => Results.Content(LivePage(), "text/html"));
        await app.StartAsync();
        return new PageServer(app);
    }

    public static string LivePage()
    {
        using var stream = typeof(PageServer).Assembly.GetManifestResourceStream("live.html")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
