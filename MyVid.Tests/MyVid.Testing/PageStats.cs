using System.Diagnostics;
using System.Text.Json;

namespace MyVid.Testing;

/// <summary>
/// The JSON that the live test page's <c>stats()</c> returns (MyVid.Media.Tests/Browser/live.html), read the same
/// whichever browser or driver runs the page.
/// </summary>
public static class PageStats
{
    public static int Video(JsonElement stats, string name) =>
        stats.TryGetProperty("video", out var video) ? video.GetProperty(name).GetInt32() : 0;

    public static int Audio(JsonElement stats, string name) =>
        stats.TryGetProperty("audio", out var audio) ? audio.GetProperty(name).GetInt32() : 0;

    public static JsonElement State(JsonElement stats) => stats.GetProperty("state");

    /// <summary>Polls <paramref name="read"/> until <paramref name="done"/> holds; fails with the last stats after <paramref name="limit"/>.</summary>
    public static async Task<JsonElement> WaitForAsync(Func<Task<JsonElement>> read, string what, Func<JsonElement, bool> done, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        JsonElement last = default;
        while (clock.Elapsed < limit)
        {
            last = await read();
            if (done(last))
            {
                return last;
            }
            await Task.Delay(100);
        }
        Assert.Fail($"{what}: not within {limit.TotalSeconds} s; last stats: {last}");
        throw new UnreachableException();
    }
}
