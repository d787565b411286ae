using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;

namespace MyVid.Media.Tests.Browser;

/// <summary>One browser context with the test page (live.html): a publisher or a viewer.</summary>
internal sealed class LivePage(IBrowserContext context, IPage page) : IAsyncDisposable
{
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
        await page.GotoAsync(new Uri(baseUrl, "/live.html").ToString());
        return new LivePage(context, page);
    }

    public Task PublishAsync(Uri sessionUrl) => page.EvaluateAsync("url => publish(url)", sessionUrl.ToString());

    public Task GoLiveAsync(string title, string description, bool? record = null) =>
        page.EvaluateAsync("([t, d, r]) => goLive(t, d, r)", new object?[] { title, description, record });

    public Task JoinAsync(Uri sessionUrl, string streamId) =>
        page.EvaluateAsync("([u, s]) => join(u, s)", new[] { sessionUrl.ToString(), streamId });

    public Task LeaveAsync() => page.EvaluateAsync("() => leave()");

    public async Task<JsonElement> StatsAsync()
    {
        using var document = JsonDocument.Parse(await page.EvaluateAsync<string>("stats()"));
        return document.RootElement.Clone();
    }

    /// <summary>Polls the page's stats until <paramref name="done"/> holds; fails with the last stats after <paramref name="limit"/>.</summary>
    public async Task<JsonElement> WaitForAsync(string what, Func<JsonElement, bool> done, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        JsonElement last = default;
        while (clock.Elapsed < limit)
        {
            last = await StatsAsync();
            if (done(last))
            {
                return last;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"{what}: not within {limit.TotalSeconds} s; last stats: {last}");
        throw new UnreachableException();
    }

    public async ValueTask DisposeAsync() => await context.DisposeAsync();

    public static int Video(JsonElement stats, string name) =>
        stats.TryGetProperty("video", out var video) ? video.GetProperty(name).GetInt32() : 0;

    public static int Audio(JsonElement stats, string name) =>
        stats.TryGetProperty("audio", out var audio) ? audio.GetProperty(name).GetInt32() : 0;

    public static JsonElement State(JsonElement stats) => stats.GetProperty("state");
}
