using System.Diagnostics;
using System.Net;
using System.Text.Json;
using MyVid.Media.Tests.Browser;

namespace MyVid.Media.Tests.Recording;

/// <summary>A MyVid site as a publisher and a watcher use it: NEWSTREAM, Appendix C through an endpoint, GET /API/VIDEO/{ID}.</summary>
internal static class LiveSite
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    /// <summary>Publishes through the endpoint NEWSTREAM names and goes LIVE; gives the catalogue ID once recording started.</summary>
    public static async Task<string> GoLiveAsync(HttpClient api, LivePage publisher)
    {
        var stream = await WaitForJsonAsync(api, "API/NEWSTREAM/", Limit, _ => true);
        var session = new Uri($"ws://{stream.GetProperty("Server").GetString()}/ENDPOINT/{stream.GetProperty("Endpoint").GetString()}");
        await publisher.PublishAsync(session);
        await publisher.WaitForAsync("the publisher connected", s => s.GetProperty("connectionState").GetString() == "connected", Limit);
        await publisher.GoLiveAsync("Recorded stream", "from headless Chromium");
        var stats = await publisher.WaitForAsync("recording started", s => LivePage.State(s).GetProperty("recording").GetArrayLength() > 0, Limit);
        var first = LivePage.State(stats).GetProperty("recording")[0];
        Assert.That(first.GetProperty("Recording").GetBoolean(), Is.True, $"the publisher is told it records: {first}");
        return LivePage.State(stats).GetProperty("liveId").GetString()!;
    }

    /// <summary>How long the publisher streamed since it was told it records (page clock, seconds).</summary>
    public static async Task<double> SecondsRecordedAsync(LivePage publisher)
    {
        var now = await publisher.Page.EvaluateAsync<double>("performance.now()");
        var stats = await publisher.StatsAsync();
        return (now - LivePage.State(stats).GetProperty("recording")[0].GetProperty("at").GetDouble()) / 1000;
    }

    /// <summary>Polls GET /API/VIDEO/{ID} until it is a stored (<c>HTTP</c>) video.</summary>
    public static Task<JsonElement> WaitForRecordingAsync(HttpClient api, string id, TimeSpan limit) =>
        WaitForJsonAsync(api, $"API/VIDEO/{id}", limit, v => v.GetProperty("type").GetString() == "HTTP");

    public static async Task<string> DownloadAsync(string url)
    {
        using var http = new HttpClient();
        var file = Path.Combine(Path.GetTempPath(), $"myvid-recording-{Guid.NewGuid():N}.webm");
        await File.WriteAllBytesAsync(file, await http.GetByteArrayAsync(new Uri(url)));
        return file;
    }

    /// <summary>The file in a Chromium &lt;video&gt;: it plays, and a seek to the middle lands there and plays on.</summary>
    public static async Task ExpectPlaysAndSeeksAsync(LivePage page, string url)
    {
        using var result = JsonDocument.Parse(await page.Page.EvaluateAsync<string>("url => playFile(url)", url));
        var played = result.RootElement;
        TestContext.Progress.WriteLine($"<video>: {played}");
        Assert.Multiple(() =>
        {
            Assert.That(played.GetProperty("error").ValueKind, Is.EqualTo(JsonValueKind.Null), "no media error");
            Assert.That(played.GetProperty("advanced").GetDouble(), Is.GreaterThan(0.5), "currentTime advances");
            Assert.That(played.GetProperty("afterSeek").GetDouble(), Is.GreaterThan(played.GetProperty("middle").GetDouble()).And
                .LessThan(played.GetProperty("middle").GetDouble() + 3), "the seek landed in the middle and it plays on");
            Assert.That(played.GetProperty("paused").GetBoolean(), Is.False);
        });
    }

    private static async Task<JsonElement> WaitForJsonAsync(HttpClient api, string path, TimeSpan limit, Func<JsonElement, bool> done)
    {
        var clock = Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < limit)
        {
            using var response = await api.GetAsync(path);
            last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            if (response.StatusCode == HttpStatusCode.OK)
            {
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                if (done(json.RootElement))
                {
                    return json.RootElement.Clone();
                }
            }
            await Task.Delay(250);
        }
        Assert.Fail($"GET {path}: not as expected within {limit.TotalSeconds} s; last answer {last}");
        throw new UnreachableException();
    }
}
