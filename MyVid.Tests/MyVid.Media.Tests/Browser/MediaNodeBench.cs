using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;
using MyVid.Media.Tests.Harness;
using MyVid.Testing;

namespace MyVid.Media.Tests.Browser;

/// <summary>
/// CPU per forwarded packet with real Chromium viewers (bench/RESULTS.md, "Media node"). A benchmark, not a test:
/// it runs only when a filter names it; <c>MYVID_BENCH_VIEWERS</c> viewer contexts (default 10), <c>MYVID_BENCH_SECONDS</c> (default 20).
/// </summary>
[NonParallelizable]
public sealed class MediaNodeBench
{
    [Test]
    [Explicit("a benchmark: run it by name, see bench/RESULTS.md")]
    public async Task Cpu_per_forwarded_packet()
    {
        var viewerCount = int.Parse(Environment.GetEnvironmentVariable("MYVID_BENCH_VIEWERS") ?? "10", CultureInfo.InvariantCulture);
        var seconds = int.Parse(Environment.GetEnvironmentVariable("MYVID_BENCH_SECONDS") ?? "20", CultureInfo.InvariantCulture);
        string chromium = RealParts.Chromium;
        await using var node = await MediaNode.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await ChromiumLiveTests.LaunchAsync(playwright, chromium);
        await using var publisher = await LivePage.OpenAsync(browser, node.BaseUrl);
        var (streamId, _) = await ChromiumLiveTests.BroadcastAsync(node, publisher);
        var viewers = new List<LivePage>();
        for (var i = 0; i < viewerCount; i++)
        {
            var viewer = await LivePage.OpenAsync(browser, node.BaseUrl);
            viewers.Add(viewer);
            await viewer.JoinAsync(node.SessionUrl, streamId);
        }

        foreach (var viewer in viewers)
        {
            await viewer.WaitForAsync("playing", s => LivePage.Video(s, "framesDecoded") > 10, TimeSpan.FromSeconds(30));
        }

        var loopBefore = LoopThreadCpu();
        var processBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var forwardedBefore = node.Router.PacketsForwarded;
        var received = node.Loop.DatagramsReceived;
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var wall = clock.Elapsed;
        var loopCpu = LoopThreadCpu() - loopBefore;
        var processCpu = Process.GetCurrentProcess().TotalProcessorTime - processBefore;
        var forwarded = node.Router.PacketsForwarded - forwardedBefore;
        TestContext.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"viewers {viewerCount}, {wall.TotalSeconds:F1} s: forwarded {forwarded} packets ({forwarded / wall.TotalSeconds:F0}/s), " +
            $"received {node.Loop.DatagramsReceived - received} datagrams, send failures {node.Loop.SendFailures}; " +
            $"loop thread CPU {loopCpu.TotalMilliseconds:F0} ms = {loopCpu.TotalMicroseconds / forwarded:F2} us/packet ({100 * loopCpu / wall:F1} % of a core); " +
            $"test process CPU {processCpu.TotalMilliseconds:F0} ms = {processCpu.TotalMicroseconds / forwarded:F2} us/packet (includes Kestrel, Playwright's client and the test)"));
        Assert.That(forwarded, Is.GreaterThan(0));
        foreach (var viewer in viewers)
        {
            await viewer.DisposeAsync();
        }
    }

    /// <summary>User + system time of the media loop's thread, read from /proc (the thread is named "MyVid media loop").</summary>
    private static TimeSpan LoopThreadCpu()
    {
        foreach (var task in Directory.GetDirectories("/proc/self/task"))
        {
            if (File.ReadAllText(Path.Combine(task, "comm")).Trim().StartsWith("MyVid media", StringComparison.Ordinal))
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ
            }
        }

        Assert.Fail("no media loop thread");
        return default;
    }
}
