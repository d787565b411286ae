using System.Text.Json;
using MyVid.Interop.Tests.Clients;
using MyVid.Testing;

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

    /// <summary>live.html with the whip-whep npm package's WHIPClient and WHEPClient (clients/whip-whep.html).</summary>
    private static readonly Lazy<string> WhipWhepHtml = new(() =>
    {
        var package = Path.Combine(RealParts.NpmPackage(ClientProcess.Folder, "whip-whep"), "node_modules", "whip-whep");
        var clients = File.ReadAllText(Path.Combine(package, "whip.js")) + File.ReadAllText(Path.Combine(package, "whep.js"));
        var harness = File.ReadAllText(Path.Combine(ClientProcess.Folder, "whip-whep.html")).Replace("/* whip.js and whep.js */", clients, StringComparison.Ordinal);
        return LiveHtml.Value.Replace("</body>", harness + "</body>", StringComparison.Ordinal);
    });

    public static Task<BrowserPage> OpenLiveAsync(BrowserDriver driver, Uri origin) => driver.OpenAsync(origin, LiveHtml.Value);

    public static Task<BrowserPage> OpenWhipWhepAsync(BrowserDriver driver, Uri origin) => driver.OpenAsync(origin, WhipWhepHtml.Value);

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

    /// <summary>whip-whep's <c>WHIPClient.publish</c> of the fake camera; the session's URL.</summary>
    public async Task<Uri> WhipPublishAsync(Uri whip, string streamKey) =>
        new((await CallAsync("whipPublish", whip.AbsoluteUri, streamKey)).GetString()!);

    /// <summary>whip-whep's <c>WHEPClient.view</c>; the session's URL.</summary>
    public async Task<Uri> WhepViewAsync(Uri whep) => new((await CallAsync("whepView", whep.AbsoluteUri)).GetString()!);

    /// <summary>The statuses of the whip-whep page's requests with <paramref name="method"/> so far.</summary>
    public async Task<int[]> RequestStatusesAsync(string method) =>
        [.. (await driver.EvaluateAsync(id, $"requests.filter(r => r.method === {JsonSerializer.Serialize(method)}).map(r => r.status)"))
            .EnumerateArray().Select(s => s.GetInt32())];

    /// <summary>whip-whep's <c>stop()</c>: closes the peer and DELETEs the session.</summary>
    public Task WhipWhepStopAsync() => CallAsync("whipWhepStop");

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
        try
        {
            return await PageStats.WaitForAsync(StatsAsync, $"{Browser}: {what}", done, limit);
        }
        catch (AssertionException)
        {
            TestContext.Out.WriteLine(driver.Output());
            throw;
        }
    }

    /// <summary>
    /// Media really flows: frames decode and keep decoding (20 more after the first, so not one keyframe), VP8 at the
    /// publisher's width, and Opus packets arrive and decode into samples. The last stats.
    /// </summary>
    public async Task<JsonElement> ExpectDecodingAsync(string what, int width)
    {
        var limit = TimeSpan.FromSeconds(30);
        var first = await WaitForAsync($"{what}: video decoded", s => PageStats.Video(s, "framesDecoded") > 0, limit);
        var last = await WaitForAsync($"{what}: video keeps decoding and audio arrives",
            s => PageStats.Video(s, "framesDecoded") >= PageStats.Video(first, "framesDecoded") + 20 && PageStats.Audio(s, "packetsReceived") >= 50, limit);
        TestContext.Progress.WriteLine($"{what}: {Browser} decodes {last.GetProperty("video")} {last.GetProperty("audio")}");
        Assert.Multiple(() =>
        {
            Assert.That(last.GetProperty("video").GetProperty("codec").GetString(), Is.EqualTo("video/VP8"), what);
            Assert.That(last.GetProperty("audio").GetProperty("codec").GetString(), Is.EqualTo("audio/opus"), what);
            Assert.That(last.GetProperty("audio").GetProperty("totalSamplesReceived").GetInt64(), Is.GreaterThan(0), $"{what}: audio decoded");
            Assert.That(PageStats.Video(last, "frameWidth"), Is.EqualTo(width), $"{what}: the viewer decodes the picture the publisher encodes");
        });
        return last;
    }

    public async ValueTask DisposeAsync() => await driver.ClosePageAsync(id);
}
