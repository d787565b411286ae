using System.Diagnostics;
using System.Globalization;
using MyVid.Bench.Recording;
using MyVid.Media.Recording;
using MyVid.Recording.Tests.Recording.Support;

// `dotnet run -c Release --project bench/MyVid.Bench.Recording -- [streams] [seconds] [kbps]`: records that many synthetic
// VP8 + Opus streams at once (the node's publisher cap by default, 2500 kbps) into a store that discards the bytes, as
// fast as the recorders take them. Prints process CPU per recorded stream-second, with the generator's own cost
// measured alone and subtracted, and the bytes each recording held in memory at its peak.
var streams = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 4;
var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 60;
var bitrate = (args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2500) * 1000;
Console.WriteLine($"{streams} streams x {seconds} s of VP8 {bitrate / 1000} kbit/s + Opus, {Environment.ProcessorCount} cores");

// The generator alone, feeding recorders that refuse every packet at once (aborted: OnRtp returns false).
var generator = await MeasureAsync(streams, seconds, bitrate, record: false);
var recording = await MeasureAsync(streams, seconds, bitrate, record: true);
var streamSeconds = (double)streams * seconds;
var cpuPerStreamSecond = (recording.Cpu - generator.Cpu).TotalMilliseconds / streamSeconds;
Console.WriteLine($"generator alone:  cpu {generator.Cpu.TotalMilliseconds,8:F0} ms, wall {generator.Wall.TotalMilliseconds,8:F0} ms");
Console.WriteLine($"with recording:   cpu {recording.Cpu.TotalMilliseconds,8:F0} ms, wall {recording.Wall.TotalMilliseconds,8:F0} ms, stored {recording.Stored / 1048576.0:F1} MiB");
Console.WriteLine($"recording CPU:    {cpuPerStreamSecond:F2} ms per stream-second ({cpuPerStreamSecond / 10:F3} % of one core per live stream)");
Console.WriteLine($"held in memory:   peak {recording.PeakHeld / 1048576.0:F2} MiB per recording (part 1 kept for the header patch, the part being cut, queues)");
Console.WriteLine($"allocated:        {(recording.Allocated - generator.Allocated) / streamSeconds / 1024:F1} KiB per stream-second (pooled buffers reused)");

static async Task<(TimeSpan Cpu, TimeSpan Wall, long PeakHeld, long Stored, long Allocated)> MeasureAsync(int streams, int seconds, int bitrate, bool record)
{
    var store = new DiscardingStore();
    var process = Process.GetCurrentProcess();
    var allocated = GC.GetTotalAllocatedBytes(precise: true);
    var cpu = process.TotalProcessorTime;
    var wall = Stopwatch.StartNew();
    var peaks = new long[streams];
    await Task.WhenAll(Enumerable.Range(0, streams).Select(i => Task.Run(async () =>
    {
        var recorder = Recorder.Start(store, new RecorderOptions { Key = $"bench{i}_live.webm", Title = "bench", VideoId = $"bench{i}" },
            DateTimeOffset.UnixEpoch);
        if (!record)
        {
            await recorder.AbortAsync(CancellationToken.None);
        }
        await SyntheticStream.FeedAsync(recorder, TimeSpan.FromSeconds(seconds), bitrate, _ =>
        {
            peaks[i] = Math.Max(peaks[i], recorder.GetStatus().HeldBytes);
            return Task.CompletedTask;
        });
        if (record)
        {
            await recorder.CompleteAsync(CancellationToken.None);
            peaks[i] = Math.Max(peaks[i], recorder.GetStatus().PeakHeldBytes);
        }
        await recorder.DisposeAsync();
    })));
    process.Refresh();
    return (process.TotalProcessorTime - cpu, wall.Elapsed, peaks.Max(), store.BytesStored, GC.GetTotalAllocatedBytes(precise: true) - allocated);
}
