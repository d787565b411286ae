using System.Globalization;

namespace MyVid.Drills;

/// <summary>One operation's figures over a part of a run.</summary>
public sealed record OperationSummary(string Operation, int Total, int Failed, TimeSpan MaxLatency, IReadOnlyList<string> Failures);

/// <summary>Sums a run's records per operation and measures how long writes stopped after a fault.</summary>
public static class LoadReport
{
    private static readonly string[] Writes = [LoadRun.NewVideoUpload, LoadRun.Publish];

    /// <summary>Per operation; each kind of failure with when the failed requests began, in seconds after <paramref name="from"/>.</summary>
    public static IReadOnlyList<OperationSummary> Summarise(IEnumerable<OperationRecord> records, TimeSpan from) =>
        [.. records.GroupBy(r => r.Operation).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new OperationSummary(
            g.Key, g.Count(), g.Count(r => !r.Ok), g.Max(r => r.Latency),
            [.. g.Where(r => !r.Ok).GroupBy(r => r.Outcome).Select(f => string.Create(CultureInfo.InvariantCulture,
                $"{f.Count()}x {f.Key} (begun +{(f.Min(r => r.Start) - from).TotalSeconds:0.0}..{(f.Max(r => r.Start) - from).TotalSeconds:0.0} s)"))]))];

    /// <summary>From the fault to the end of the first successful write that began after it (null: none did).</summary>
    public static TimeSpan? WritesBackAfter(IEnumerable<OperationRecord> records, TimeSpan fault) =>
        records.Where(r => r.Ok && Writes.Contains(r.Operation) && r.Start >= fault).Select(r => r.End - fault).Order().Cast<TimeSpan?>().FirstOrDefault();

    /// <summary>The longest time from the fault on during which no write completed successfully.</summary>
    public static TimeSpan LongestWriteGap(IEnumerable<OperationRecord> records, TimeSpan fault, TimeSpan end)
    {
        var ends = records.Where(r => r.Ok && Writes.Contains(r.Operation) && r.End >= fault).Select(r => r.End).Order().ToList();
        var longest = TimeSpan.Zero;
        var previous = fault;
        foreach (var t in ends.Append(end))
        {
            longest = t - previous > longest ? t - previous : longest;
            previous = t;
        }
        return longest;
    }

    public static void Print(TextWriter output, string phase, IReadOnlyList<OperationSummary> summaries)
    {
        output.WriteLine($"## {phase}");
        output.WriteLine("| operation | failed/total | slowest | failures |");
        output.WriteLine("|---|---|---|---|");
        foreach (var s in summaries)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {s.Operation} | {s.Failed}/{s.Total} | {s.MaxLatency.TotalSeconds:0.00} s | {string.Join("; ", s.Failures)} |"));
        }
    }

    public static string Seconds(TimeSpan? t) => t is { } v ? v.TotalSeconds.ToString("0.0 's'", CultureInfo.InvariantCulture) : "never";
}
