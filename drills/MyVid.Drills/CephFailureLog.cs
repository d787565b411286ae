using System.Globalization;
using System.Text.RegularExpressions;

namespace MyVid.Drills;

/// <summary>
/// When Ceph's monitor marked each killed OSD down, from the cluster log (DIR/log/cluster.log): until then RGW's
/// reads and writes that need that OSD wait, so this is where a slow request's time goes.
/// </summary>
internal static partial class CephFailureLog
{
    /// <summary>One line per killed OSD: seconds from its kill to the monitor's "failed" entry, and why it was marked.</summary>
    public static IReadOnlyList<string> MarkedDown(string cephDir, IReadOnlyDictionary<int, DateTime> kills)
    {
        var log = Path.Combine(cephDir, "log", "cluster.log");
        var lines = File.Exists(log) ? LogFile.Lines(log) : [];
        return [.. kills.OrderBy(k => k.Key).Select(kill =>
        {
            var entry = lines.Select(l => Failed().Match(l))
                .Where(m => m.Success && m.Groups["osd"].Value == kill.Key.ToString(CultureInfo.InvariantCulture))
                .Select(m => (At: DateTime.SpecifyKind(DateTime.ParseExact(m.Groups["at"].Value, "yyyy-MM-ddTHH:mm:ss.ffffff", CultureInfo.InvariantCulture), DateTimeKind.Utc),
                    Why: m.Groups["why"].Value))
                .FirstOrDefault(e => e.At >= kill.Value.AddSeconds(-1));
            return entry.Why is null
                ? $"osd.{kill.Key}: not marked down"
                : string.Create(CultureInfo.InvariantCulture, $"osd.{kill.Key}: marked down {(entry.At - kill.Value).TotalSeconds:0.00} s after its kill ({entry.Why})");
        })];
    }

    // 2026-11-25T02:28:12.071049+0000 mon.a (mon.0) 82 : cluster [INF] osd.1 failed (root=default,host=vm) (2 reporters from different osd after 5.8 >= grace 5.0)
    [GeneratedRegex(@"^(?<at>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6})\S* .* osd\.(?<osd>\d+) failed \([^)]*\) \((?<why>.*)\)$")]
    private static partial Regex Failed();
}
