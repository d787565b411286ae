using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MyVid.LoadClient;

/// <summary>One viewer's figures (times in ms from sending <c>join</c>).</summary>
internal sealed record ViewerResult(
    int Id, string? Error, bool Ended, double OfferMs, double IceMs, double ConnectedMs, double FirstRtpMs, double FirstKeyframeMs,
    long Packets, long Bytes, long Expected, long Lost, double LossPercent, double VideoJitterMs, double AudioJitterMs,
    long RtxPackets, long Decrypted, long DecryptFailed);

/// <summary>A whole run: the summary the table prints, and every viewer.</summary>
internal sealed record ViewersReport(
    int Requested, int Connected, int WithKeyframe, int Failed, double RampSeconds, double WindowSeconds,
    double WindowPacketsPerSecond, double WindowMbitPerSecond, long Expected, long Lost, double LossPercent,
    double FirstFrameP50Ms, double FirstFrameP95Ms, double FirstFrameMaxMs, int FirstFrameOver1s,
    double VideoJitterP50Ms, double VideoJitterP95Ms, long Decrypted, long DecryptFailed,
    IReadOnlyDictionary<string, int> Errors, IReadOnlyList<ViewerResult> Viewers)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    public static ViewersReport Create(ViewersOptions options, Viewer[] viewers, long windowPackets, long windowBytes, double windowSeconds, double rampSeconds)
    {
        var results = viewers.Where(v => v is not null).Select(Result).ToList();
        var firstFrames = results.Select(r => r.FirstKeyframeMs).Where(double.IsFinite).Order().ToArray();
        var jitters = results.Select(r => r.VideoJitterMs).Where(j => j > 0).Order().ToArray();
        long expected = results.Sum(r => r.Expected), lost = results.Sum(r => r.Lost);
        return new ViewersReport(
            options.Count, results.Count(r => double.IsFinite(r.ConnectedMs)), firstFrames.Length, results.Count(r => r.Error is not null),
            rampSeconds, windowSeconds, windowPackets / windowSeconds, windowBytes * 8 / windowSeconds / 1e6,
            expected, lost, expected == 0 ? 0 : 100.0 * lost / expected,
            Percentile(firstFrames, 0.50), Percentile(firstFrames, 0.95), firstFrames.Length == 0 ? double.NaN : firstFrames[^1],
            firstFrames.Count(f => f > 1000) + (options.Count - firstFrames.Length),
            Percentile(jitters, 0.50), Percentile(jitters, 0.95),
            results.Sum(r => r.Decrypted), results.Sum(r => r.DecryptFailed),
            results.Where(r => r.Error is not null).GroupBy(r => r.Error!).ToDictionary(g => g.Key, g => g.Count()),
            results);
    }

    public void Print(TextWriter output)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            | viewers | connected | key frame | failed | rx packets/s | rx Mbit/s | loss % (lost/expected) | first frame p50 / p95 / max ms | > 1 s | video jitter p50 / p95 ms | decrypted ok / failed |
            | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
            | {Requested} | {Connected} | {WithKeyframe} | {Failed} | {WindowPacketsPerSecond:F0} | {WindowMbitPerSecond:F1} | {LossPercent:F3} ({Lost}/{Expected}) | {FirstFrameP50Ms:F0} / {FirstFrameP95Ms:F0} / {FirstFrameMaxMs:F0} | {FirstFrameOver1s} | {VideoJitterP50Ms:F2} / {VideoJitterP95Ms:F2} | {Decrypted} / {DecryptFailed} |
            """));
        foreach (var (error, count) in Errors.OrderByDescending(e => e.Value).Take(5))
        {
            output.WriteLine($"  {count} x {error}");
        }
    }

    public void WriteJson(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    private static ViewerResult Result(Viewer v)
    {
        var primary = v.Ssrcs.Where(s => !s.IsRtx).ToList();
        long expected = primary.Sum(s => s.Expected), lost = primary.Sum(s => s.Lost);
        return new ViewerResult(
            v.Id, v.Error, v.Ended,
            Viewer.Ms(v.JoinTicks, v.OfferTicks), Viewer.Ms(v.JoinTicks, v.IceTicks), Viewer.Ms(v.JoinTicks, v.ConnectedTicks),
            Viewer.Ms(v.JoinTicks, v.FirstRtpTicks), Viewer.Ms(v.JoinTicks, v.FirstKeyframeTicks),
            v.Packets, v.Bytes, expected, lost, expected == 0 ? 0 : 100.0 * lost / expected,
            primary.FirstOrDefault(s => s.IsVideo)?.JitterMs ?? 0, primary.FirstOrDefault(s => !s.IsVideo)?.JitterMs ?? 0,
            v.Ssrcs.Where(s => s.IsRtx).Sum(s => s.Received), v.Decrypted, v.DecryptFailed);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
