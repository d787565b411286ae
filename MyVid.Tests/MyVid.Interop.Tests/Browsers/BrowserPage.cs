using System.Diagnostics;
using System.Text.Json;

namespace MyVid.Interop.Tests.Browsers;

/// <summary>
/// One page in its own browser context of a <see cref="BrowserDriver"/>, with the Media module's Appendix C/D test page
/// (live.html) or another page of the test's: the same calls whichever browser runs it.
/// </summary>
internal sealed class BrowserPage(BrowserDriver driver, int id) : IAsyncDisposable
{
    private static readonly Lazy<string> LiveHtml = new(() =>
    {
        using var stream = typeof(BrowserPage).Assembly.GetManifestResourceStream("live.html")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static Task<BrowserPage> OpenLiveAsync(BrowserDriver driver, Uri origin) => driver.OpenAsync(origin, LiveHtml.Value);

    public string Browser => driver.Kind;

    /// <summary>Calls a function of the page with JSON arguments; awaits it when it returns a promise.</summary>
    public Task<JsonElement> CallAsync(string function, params object?[] arguments) =>
        driver.EvaluateAsync(id, $"{function}({string.Join(", ", arguments.Select(a => JsonSerializer.Serialize(a)))})");

    /// <summary>Appendix C through the api: NEWSTREAM, then the endpoint's socket with its ICE servers.</summary>
    public Task NewStreamAsync() => CallAsync("newStream");

    public Task GoLiveAsync(string title, string description) => CallAsync("goLive", title, description, null);

    /// <summary>Appendix D through the api: <c>GET /API/VIDEO/{ID}</c>, <c>/API/ICE</c>, then join.</summary>
    public Task WatchAsync(string liveId) => CallAsync("watch", liveId, "all");

    public Task LeaveAsync() => CallAsync("leave");

    /// <summary>The page's <c>stats()</c>: its JSON string parsed.</summary>
    public async Task<JsonElement> StatsAsync()
    {
        var text = (await CallAsync("stats")).GetString()!;
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Polls <see cref="StatsAsync"/> until <paramref name="done"/> holds; fails with the last stats after <paramref name="limit"/>.</summary>
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
            await Task.Delay(200);
        }
        Assert.Fail($"{Browser}: {what}: not within {limit.TotalSeconds} s; last stats: {last}\n{driver.Output()}");
        throw new UnreachableException();
    }

    public static int Video(JsonElement stats, string name) =>
        stats.TryGetProperty("video", out var video) ? video.GetProperty(name).GetInt32() : 0;

    public static int Audio(JsonElement stats, string name) =>
        stats.TryGetProperty("audio", out var audio) ? audio.GetProperty(name).GetInt32() : 0;

    public static JsonElement State(JsonElement stats) => stats.GetProperty("state");

    public async ValueTask DisposeAsync() => await driver.ClosePageAsync(id);
}
