using System.Diagnostics;
using MyVid.WebRtc.Srtp;

namespace MyVid.Bench.WebRtc;

/// <summary>
/// `cpu [--seconds S]`: runs the benchmark methods in a plain loop and reports process CPU time, wall time and bytes
/// allocated per operation. On a shared, overloaded machine wall time (what BenchmarkDotNet measures) mostly
/// measures the neighbours; CPU time of the process is the steadier figure, though caches and clocks still vary.
/// </summary>
internal static class CpuTimeCommand
{
    public static void Run(double seconds)
    {
        Console.WriteLine($"{"operation",-44} {"cpu ns/op",10} {"wall ns/op",11} {"B/op",6}");
        foreach (var profile in new[] { SrtpProtectionProfile.AeadAes128Gcm, SrtpProtectionProfile.AeadAes256Gcm, SrtpProtectionProfile.Aes128CmHmacSha1Tag80 })
        {
            using var srtp = new SrtpBenchmarks { Profile = profile };
            srtp.Setup();
            Measure($"SRTP protect 1200 B, {profile}", seconds, () => srtp.Protect());
            Measure($"SRTP unprotect 1200 B, {profile}", seconds, () => srtp.Unprotect(), SrtpBenchmarks.RingLength);
            Measure($"SRTCP protect SR+SDES, {profile}", seconds, () => srtp.ProtectRtcp());
        }

        using var ice = new IceBenchmarks();
        ice.Setup();
        Measure("ICE-lite check validate + answer", seconds, () => ice.CheckValidateAndAnswer());
        var rtp = new RtpBenchmarks();
        Measure("RTP header rewrite + id remap", seconds, () => rtp.RewriteHeader());
        var rtcp = new RtcpBenchmarks();
        Measure("RTCP NACK parse + expand", seconds, () => rtcp.ParseNack());
        Measure("RTCP SR+SDES compound parse", seconds, () => rtcp.ParseSenderReportAndSdes());
    }

    /// <param name="perCall">Operations one call performs (a pass over the unprotect ring).</param>
    private static void Measure(string name, double seconds, Action operation, int perCall = 1)
    {
        // Batches long enough that the clock reads cost nothing; the process CPU clock ticks every 10 ms, so
        // seconds of work keep its granularity under 1 %.
        var batch = Math.Max(1, 4096 / perCall);
        RunFor(operation, batch, seconds / 10);
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var wall = Stopwatch.StartNew();
        var calls = RunFor(operation, batch, seconds);
        wall.Stop();
        var bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
        process.Refresh();
        var total = (double)calls * perCall;
        Console.WriteLine($"{name,-44} {(process.TotalProcessorTime - cpu).TotalNanoseconds / total,10:F0} "
            + $"{wall.Elapsed.TotalNanoseconds / total,11:F0} {bytes / total,6:F1}");
    }

    private static long RunFor(Action operation, int batch, double seconds)
    {
        long calls = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            for (var i = 0; i < batch; i++)
            {
                operation();
            }

            calls += batch;
        }

        return calls;
    }
}
