using System.Diagnostics;
using System.Text.Json;

namespace MyVid.Drills;

/// <summary>The Ceph cluster (6 OSDs, EC 4+2) and its S3 user, where MyVid listens, MyVid's S3 timeout, the phases.</summary>
public sealed record ObjectStoreDrillSettings(string CephDir, string S3Url, string AccessKey, string SecretKey, int ApiPort)
{
    /// <summary>MyVid's <c>ObjectStore:S3:Timeout</c> for the drill.</summary>
    public TimeSpan S3Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a client waits for any answer (the store's own PUT and GET included).</summary>
    public TimeSpan ClientTimeout { get; init; } = TimeSpan.FromSeconds(12);

    public TimeSpan Healthy { get; init; } = TimeSpan.FromSeconds(4);

    public TimeSpan TwoDown { get; init; } = TimeSpan.FromSeconds(12);

    public TimeSpan ThreeDown { get; init; } = TimeSpan.FromSeconds(16);

    public LoadOptions Load { get; init; } = new() { Searchers = 1, Readers = 2, Uploaders = 2, Players = 2, RemotePlayers = 1 };
}

public sealed record ObjectStoreDrillResult(
    IReadOnlyList<OperationSummary> Healthy,
    IReadOnlyList<OperationSummary> TwoDown,
    IReadOnlyList<OperationSummary> ThreeDown,
    TimeSpan S3Timeout,
    IReadOnlyList<string> HalfWritten,
    TimeSpan Restart,
    int Published,
    int ReadBackEqual,
    TimeSpan? AllReadBackAfter,
    TimeSpan CleanBefore,
    IReadOnlyList<string> MarkedDown);

/// <summary>
/// Issue 11, drill 2: MyVid on Ceph RGW with 6 OSDs (EC 4+2) under uploads, publishes, metadata reads and playback;
/// SIGKILL 2 OSDs (nothing may fail), then a 3rd (MyVid's own calls to the store answer 503 within its S3 timeout,
/// metadata and remote playback go on, nothing half-written), then restart them and read every published video back.
/// </summary>
public static class ObjectStoreDrill
{
    public static async Task<ObjectStoreDrillResult> RunAsync(ObjectStoreDrillSettings settings, TextWriter log)
    {
        var dataFolder = Directory.CreateTempSubdirectory("myvid-drill-").FullName;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var app = new Dictionary<string, string>
        {
            ["Node:DataFolder"] = dataFolder,
            ["ObjectStore:Provider"] = "S3",
            ["ObjectStore:S3:ServiceUrl"] = settings.S3Url,
            ["ObjectStore:S3:AccessKey"] = settings.AccessKey,
            ["ObjectStore:S3:SecretKey"] = settings.SecretKey,
            ["ObjectStore:S3:Timeout"] = settings.S3Timeout.ToString(),
            ["ObjectStore:PreviewsBucket"] = $"drill-{suffix}-previews",
            ["ObjectStore:VideosBucket"] = $"drill-{suffix}-videos",
            ["Catalog:LoadDemoCatalog"] = "false",
            ["Upload:Probe:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        try
        {
            var remoteBytes = new byte[48 * 1024];
            Random.Shared.NextBytes(remoteBytes);
            using var remote = new RemoteVideoServer(settings.ApiPort + 1, remoteBytes);
            var eventFile = Path.Combine(dataFolder, "ccc-event.json");
            await File.WriteAllTextAsync(eventFile, JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["guid"] = "drill-" + suffix,
                ["title"] = "Drillremote talk",
                ["recordings"] = new[] { new Dictionary<string, object> { ["mime_type"] = "video/mp4", ["recording_url"] = remote.Url, ["high_quality"] = true, ["height"] = 720 } },
            }));
            await MyVidProcess.RunVerbAsync(app, "import-ccc", eventFile);
            await using var host = await MyVidProcess.StartAsync("api,endpoint", settings.ApiPort, app);
            using var api = new DrillApi(host.BaseUrl, settings.ClientTimeout);
            using var load = new LoadRun(api, settings.Load);
            var (_, found) = await api.SearchAsync("drillremote");
            load.Remote = (found!.Value[0].GetProperty("ID").GetString()!, remoteBytes);
            for (var i = 0; i < 4; i++)
            {
                await load.UploadOnceAsync();
            }
            if (load.Published.IsEmpty)
            {
                throw new InvalidOperationException("No upload succeeded before the faults: " + load.Records[^1].Outcome + "\n" + host.Output());
            }
            log.WriteLine($"MyVid on {host.BaseUrl}, S3 {settings.S3Url} (ObjectStore:S3:Timeout {settings.S3Timeout.TotalSeconds} s), {load.Published.Count} videos stored");
            // "Any 2 of 6" holds once every shard is in place: not while a previous run's writes are still recovering.
            var clean = Stopwatch.StartNew();
            await Shell.RunAsync(Shell.Script("ceph.sh"), ["wait-clean", settings.CephDir], TimeSpan.FromMinutes(5));
            var cleanBefore = clean.Elapsed;
            log.WriteLine($"every placement group active+clean after {LoadReport.Seconds(cleanBefore)}");

            var kills = new Dictionary<int, DateTime>();
            var t0 = load.Now;
            load.Start();
            await Task.Delay(settings.Healthy);
            var t2 = load.Now;
            KillOsds(settings.CephDir, kills, 0, 1);
            await Task.Delay(settings.TwoDown);
            var t3 = load.Now;
            KillOsds(settings.CephDir, kills, 2);
            await Task.Delay(settings.ThreeDown);
            await load.StopAsync();
            var records = load.Records;
            var halfWritten = await HalfWrittenAsync(api, load);

            var restartStart = Stopwatch.StartNew();
            await Shell.RunAsync(Shell.Script("ceph.sh"), ["start", settings.CephDir], TimeSpan.FromMinutes(3));
            var restart = restartStart.Elapsed;
            var (equal, after) = await ReadBackAsync(load, restartStart);
            return new ObjectStoreDrillResult(
                // A request counts in the phase it ended in: one in flight at a kill is judged with the OSDs it lost.
                LoadReport.Summarise(records.Where(r => r.Start >= t0 && r.End < t2), t0),
                LoadReport.Summarise(records.Where(r => r.End >= t2 && r.End < t3), t2),
                LoadReport.Summarise(records.Where(r => r.End >= t3), t3),
                settings.S3Timeout, halfWritten, restart, load.Published.Count, equal, after, cleanBefore, CephFailureLog.MarkedDown(settings.CephDir, kills));
        }
        finally
        {
            Directory.Delete(dataFolder, recursive: true);
        }
    }

    public static void Print(ObjectStoreDrillResult r, TextWriter output)
    {
        output.WriteLine($"before the faults: every placement group active+clean after {LoadReport.Seconds(r.CleanBefore)}");
        output.WriteLine("Ceph's monitor marked the killed OSDs down (cluster.log):");
        foreach (var line in r.MarkedDown)
        {
            output.WriteLine("  " + line);
        }
        LoadReport.Print(output, "Object store: all 6 OSDs up", r.Healthy);
        LoadReport.Print(output, "Object store: 2 of 6 OSDs killed (EC 4+2 keeps serving)", r.TwoDown);
        LoadReport.Print(output, $"Object store: 3 of 6 OSDs killed (data unavailable; MyVid's S3 timeout {r.S3Timeout.TotalSeconds} s)", r.ThreeDown);
        output.WriteLine($"half-written catalogue entries (visible without their objects): {r.HalfWritten.Count}" +
            (r.HalfWritten.Count > 0 ? " (" + string.Join(", ", r.HalfWritten) + ")" : ""));
        output.WriteLine($"OSDs restarted in {LoadReport.Seconds(r.Restart)}; acknowledged publishes read back byte-equal: {r.ReadBackEqual}/{r.Published}" +
            $" (all after {LoadReport.Seconds(r.AllReadBackAfter)} from the restart)");
    }

    /// <summary>SIGKILL to each, then waits for them to exit; notes the wall-clock time of each kill, which Ceph's cluster log is compared with.</summary>
    private static void KillOsds(string cephDir, Dictionary<int, DateTime> kills, params int[] osds)
    {
        var processes = osds.Select(osd => Process.GetProcessById(int.Parse(File.ReadAllText(Path.Combine(cephDir, "run", $"osd.{osd}.pid")).Trim(),
            System.Globalization.CultureInfo.InvariantCulture))).ToList();
        foreach (var (osd, process) in osds.Zip(processes))
        {
            kills[osd] = DateTime.UtcNow;
            process.Kill();
        }
        foreach (var process in processes)
        {
            process.WaitForExit();
            process.Dispose();
        }
    }

    /// <summary>Uploads begun but not acknowledged as published must not be in the catalogue (GET answers 404).</summary>
    private static async Task<IReadOnlyList<string>> HalfWrittenAsync(DrillApi api, LoadRun load)
    {
        var half = new List<string>();
        foreach (var id in load.Begun.Keys.Where(id => !load.Published.ContainsKey(id)))
        {
            var (outcome, _) = await api.MetadataAsync(id);
            if (outcome.Detail != "404 No such video (problem+json)" && !outcome.Detail.StartsWith("404", StringComparison.Ordinal))
            {
                half.Add($"{id}: {outcome.Detail}");
            }
        }
        return half;
    }

    /// <summary>Every acknowledged publish through the API, byte for byte, retried while the cluster recovers (up to 2 min).</summary>
    private static async Task<(int Equal, TimeSpan? After)> ReadBackAsync(LoadRun load, Stopwatch sinceRestart)
    {
        var pending = load.Published.Keys.ToHashSet(StringComparer.Ordinal);
        while (pending.Count > 0 && sinceRestart.Elapsed < TimeSpan.FromMinutes(2))
        {
            foreach (var id in pending.ToArray())
            {
                if (await load.PlayAsync("read back", id, load.Published[id]))
                {
                    pending.Remove(id);
                }
            }
            if (pending.Count > 0)
            {
                await Task.Delay(1000);
            }
        }
        return (load.Published.Count - pending.Count, pending.Count == 0 ? sinceRestart.Elapsed : null);
    }
}
