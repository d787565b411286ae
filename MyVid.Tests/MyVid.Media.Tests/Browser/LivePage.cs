using System.Text.Json;
using Microsoft.Playwright;
using MyVid.Testing;

namespace MyVid.Media.Tests.Browser;

/// <summary>
/// One browser context with the test page (live.html): a publisher or a viewer. The page is written into the given
/// origin's <c>/healthz</c> document (a test node, or a real api process), so its own requests go there and Chromium
/// counts it as a loopback page (a page fulfilled by Playwright counts as public: its WebSockets to loopback are blocked).
/// </summary>
internal sealed class LivePage(IBrowserContext context, IPage page) : IAsyncDisposable
{
    private static readonly Lazy<string> Html = new(() =>
    {
        using var stream = typeof(LivePage).Assembly.GetManifestResourceStream("live.html")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static readonly string[] ChromiumArgs =
    [
        "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    public IPage Page => page;

    /// <summary>The test page as <paramref name="baseUrl"/> serves it (<see cref="Harness.MediaNode"/>, <see cref="Harness.PageServer"/>).</summary>
    public static async Task<LivePage> OpenAsync(IBrowser browser, Uri baseUrl)
    {
        var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        // Chromium says why a WebSocket or a fetch failed only on the console.
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Location.Contains("favicon", StringComparison.Ordinal))
            {
                TestContext.Progress.WriteLine($"browser: {message.Text}");
            }
        };
        await page.GotoAsync(new Uri(baseUrl, "/healthz").ToString());
        await page.SetContentAsync(Html.Value);
        return new LivePage(context, page);
    }

    public Task PublishAsync(Uri sessionUrl) => page.EvaluateAsync("url => publish(url)", sessionUrl.ToString());

    public Task GoLiveAsync(string title, string description, bool? record = null) =>
        page.EvaluateAsync("([t, d, r]) => goLive(t, d, r)", new object?[] { title, description, record });

    public Task JoinAsync(Uri sessionUrl, string streamId) =>
        page.EvaluateAsync("([u, s]) => join(u, s)", new[] { sessionUrl.ToString(), streamId });

    /// <summary>Appendix C through the api: NEWSTREAM, then the endpoint's socket with its ICE servers.</summary>
    public Task NewStreamAsync() => page.EvaluateAsync("() => newStream()");

    /// <summary>Appendix D through the api: <c>GET /API/VIDEO/{ID}</c>, <c>/API/ICE</c>, then join; "relay" forces TURN.</summary>
    public Task WatchAsync(string liveId, string icePolicy = "all") =>
        page.EvaluateAsync("([id, policy]) => watch(id, policy)", new[] { liveId, icePolicy });

    public Task LeaveAsync() => page.EvaluateAsync("() => leave()");

    public async Task<JsonElement> StatsAsync()
    {
        using var document = JsonDocument.Parse(await page.EvaluateAsync<string>("stats()"));
        return document.RootElement.Clone();
    }

    /// <summary>Polls the page's stats until <paramref name="done"/> holds; fails with the last stats after <paramref name="limit"/>.</summary>
    public Task<JsonElement> WaitForAsync(string what, Func<JsonElement, bool> done, TimeSpan limit) =>
        PageStats.WaitForAsync(StatsAsync, what, done, limit);

    public async ValueTask DisposeAsync() => await context.DisposeAsync();

    public static int Video(JsonElement stats, string name) => PageStats.Video(stats, name);

    public static int Audio(JsonElement stats, string name) => PageStats.Audio(stats, name);

    public static JsonElement State(JsonElement stats) => PageStats.State(stats);
}
