using MySqlConnector;

namespace MyVid.Drills;

/// <summary>Where the cluster is, where MyVid listens, and how long each phase of the Galera drill lasts.</summary>
public sealed record GaleraDrillSettings(string ClusterDir, string Connection, int ApiPort)
{
    public TimeSpan Before { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan After { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the lone survivor serves after two nodes were stopped cleanly (zero skips that phase).</summary>
    public TimeSpan Survivor { get; init; } = TimeSpan.FromSeconds(8);

    public LoadOptions Load { get; init; } = new();
}

public sealed record GaleraDrillResult(
    IReadOnlyList<OperationSummary> Kill,
    TimeSpan? WritesBackAfter,
    TimeSpan LongestWriteGap,
    int AcknowledgedUploads,
    int AcknowledgedPublishes,
    IReadOnlyList<string> Lost,
    bool RejoinedByIst,
    TimeSpan Rejoin,
    IReadOnlyList<OperationSummary> Survivor);

/// <summary>
/// Issue 11, drill 1: MyVid (api + endpoint) on a 3-node Galera cluster under load; SIGKILL the node every connection
/// uses (FailOver sends them all to 127.0.0.1), measure, restart it (IST expected), check every acknowledged upload
/// and publish on every node; then stop two nodes cleanly and let the survivor serve alone.
/// </summary>
public static class GaleraDrill
{
    public static async Task<GaleraDrillResult> RunAsync(GaleraDrillSettings settings, TextWriter log)
    {
        var database = "myvid_drill_" + Guid.NewGuid().ToString("N")[..8];
        await ExecuteAsync(settings.Connection, $"CREATE DATABASE `{database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        var dataFolder = Directory.CreateTempSubdirectory("myvid-drill-").FullName;
        try
        {
            var app = new Dictionary<string, string>
            {
                ["Node:DataFolder"] = dataFolder,
                ["Database:Provider"] = "MariaDb",
                ["Database:ConnectionString"] = new MySqlConnectionStringBuilder(settings.Connection) { Database = database }.ConnectionString,
                ["Catalog:LoadDemoCatalog"] = "false",
                ["Upload:Probe:Enabled"] = "false",
                ["Logging:LogLevel:Default"] = "Warning",
            };
            await MyVidProcess.RunVerbAsync(app, "migrate");
            await using var host = await MyVidProcess.StartAsync("api,endpoint", settings.ApiPort, app);
            using var api = new DrillApi(host.BaseUrl, TimeSpan.FromSeconds(30));
            using var load = new LoadRun(api, settings.Load);
            for (var i = 0; i < 3; i++)
            {
                await load.UploadOnceAsync();
            }
            log.WriteLine($"MyVid on {host.BaseUrl} with database {database}; load for {settings.Before.TotalSeconds} s, then SIGKILL node 1");

            var warm = load.Now;
            load.Start();
            await Task.Delay(settings.Before);
            var fault = load.Now;
            await Galera("kill", "1", settings.ClusterDir);
            await Task.Delay(settings.After);
            await load.StopAsync();
            var end = load.Now;
            var records = load.Records.Where(r => r.Start >= warm).ToList();

            var errLog = Path.Combine(settings.ClusterDir, "node1", "mariadbd.err");
            var logLength = new FileInfo(errLog).Length;
            var rejoinStart = load.Now;
            await Galera("restart", "1", settings.ClusterDir);
            var rejoin = load.Now - rejoinStart;
            var joinLog = await ReadFromAsync(errLog, logLength);
            // MariaDB's rsync script names what it did: "rsync IST completed on joiner" or "rsync SST completed on joiner".
            var byIst = joinLog.Contains("IST received", StringComparison.Ordinal) && !joinLog.Contains("SST completed on joiner", StringComparison.Ordinal);

            var lost = await LostAsync(settings.Connection, database, load);
            var survivor = settings.Survivor > TimeSpan.Zero ? await SurvivorAsync(settings, load) : [];
            return new GaleraDrillResult(LoadReport.Summarise(records, fault), LoadReport.WritesBackAfter(records, fault),
                LoadReport.LongestWriteGap(records, fault, end), load.Begun.Count, load.Published.Count, lost, byIst, rejoin, survivor);
        }
        finally
        {
            await ExecuteAsync(settings.Connection, $"DROP DATABASE IF EXISTS `{database}`");
            Directory.Delete(dataFolder, recursive: true);
        }
    }

    public static void Print(GaleraDrillResult r, TextWriter output)
    {
        LoadReport.Print(output, "Galera: SIGKILL of node 1 (the one every connection uses) under load", r.Kill);
        output.WriteLine($"writes succeed again within: {LoadReport.Seconds(r.LongestWriteGap)} (the longest time from the kill on without a " +
            $"completed write); the first write begun after the kill ended {LoadReport.Seconds(r.WritesBackAfter)} after it");
        output.WriteLine($"acknowledged uploads: {r.AcknowledgedUploads}, publishes: {r.AcknowledgedPublishes}; lost on any node: {r.Lost.Count}" +
            (r.Lost.Count > 0 ? " (" + string.Join(", ", r.Lost.Take(10)) + ")" : ""));
        output.WriteLine($"node 1 rejoined in {LoadReport.Seconds(r.Rejoin)} by {(r.RejoinedByIst ? "IST" : "a full state transfer (SST)")}");
        if (r.Survivor.Count > 0)
        {
            LoadReport.Print(output, "Galera: nodes 2 and 3 stopped cleanly, node 1 serves alone", r.Survivor);
        }
    }

    private static async Task<IReadOnlyList<OperationSummary>> SurvivorAsync(GaleraDrillSettings settings, LoadRun load)
    {
        await Galera("stop-node", "2", settings.ClusterDir);
        await Galera("stop-node", "3", settings.ClusterDir);
        var from = load.Now;
        load.Start();
        await Task.Delay(settings.Survivor);
        await load.StopAsync();
        var summary = LoadReport.Summarise(load.Records.Where(r => r.Start >= from), from);
        await Galera("restart", "2", settings.ClusterDir);
        await Galera("restart", "3", settings.ClusterDir);
        return summary;
    }

    /// <summary>Every acknowledged upload must have its rows on every node, every acknowledged publish its public video.</summary>
    private static async Task<IReadOnlyList<string>> LostAsync(string connection, string database, LoadRun load)
    {
        var lost = new List<string>();
        var cluster = new MySqlConnectionStringBuilder(connection);
        foreach (var server in cluster.Server.Split(','))
        {
            var node = new MySqlConnectionStringBuilder(connection) { Server = server, Database = database, LoadBalance = MySqlLoadBalance.FailOver };
            await using var db = new MySqlConnection(node.ConnectionString);
            await db.OpenAsync();
            var videos = await ReadAsync(db, "SELECT Id, Visibility FROM Videos");
            var uploads = await ReadAsync(db, "SELECT Id, PublishedAtUtc IS NOT NULL FROM Uploads");
            foreach (var id in load.Begun.Keys)
            {
                var published = load.Published.ContainsKey(id);
                if (!videos.TryGetValue(id, out var visibility) || !uploads.TryGetValue(id, out var done) || (published && (visibility != 1 || done != 1)))
                {
                    lost.Add($"{id} on {server}");
                }
            }
        }
        return lost;
    }

    private static async Task<Dictionary<string, long>> ReadAsync(MySqlConnection db, string sql)
    {
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var command = new MySqlCommand(sql, db);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows[reader.GetString(0)] = Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
        }
        return rows;
    }

    private static Task<string> Galera(string command, string node, string dir) =>
        Shell.RunAsync(Shell.Script("galera.sh"), [command, node, dir], TimeSpan.FromMinutes(3));

    private static async Task ExecuteAsync(string connection, string sql)
    {
        await using var db = new MySqlConnection(connection);
        await db.OpenAsync();
        await using var command = new MySqlCommand(sql, db);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> ReadFromAsync(string path, long offset)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        file.Seek(offset, SeekOrigin.Begin);
        using var reader = new StreamReader(file);
        return await reader.ReadToEndAsync();
    }
}
