using System.Globalization;

namespace MyVid.Drills;

/// <summary>
/// The command line of every drill: its name, then <c>--key value</c> options. galera and object-store start clusters
/// of their own (drills/galera.sh, drills/object-store.sh); frontend, nodes and hostile run against the deployment
/// scripts/topology.sh brought up in --dir (drills/run-drill.sh).
/// </summary>
internal static class DrillCommand
{
    public const string Usage = """
        MyVid failure drills (see docs/reliability.md); every option is --key value

          galera --dir CLUSTER_DIR --connection CONNECTION_STRING --port API_PORT [--before 5] [--after 15] [--survivor 8]
              SIGKILL the Galera node in use under load, then stop the other two; failed/total, writes back, losses, IST.
          object-store --dir CEPH_DIR --s3-url URL --access-key KEY --secret-key SECRET --port API_PORT [--s3-timeout 5]
              SIGKILL 2 of 6 OSDs under load, then a 3rd, then restart them; failed/total per phase, half-written, read back.
          frontend --dir DIR [--before 10] [--after 10] [--workers 8]
              SIGKILL api1 under load through HAProxy; failed/total, detection and rejoin times.
          nodes --dir DIR [--viewers 3]
              SIGKILL the endpoint the media nodes use, then the media node carrying a live stream (its recording kept).
          hostile --dir DIR [--flood 5] [--json 600] [--sockets 60] [--seed 1]
              rate limits, oversized input, parked sockets, slow clients, fuzzing; the legitimate client's figures.
          --script PATH   (frontend, nodes, hostile) topology.sh; default: scripts/topology.sh above the working directory
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        if (args.Length == 0 || args.Length % 2 == 0 || !args.Skip(1).Where((_, i) => i % 2 == 0).All(a => a.StartsWith("--", StringComparison.Ordinal)))
        {
            await output.WriteLineAsync(Usage);
            return 2;
        }
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            options[args[i][2..]] = args[i + 1];
        }
        try
        {
            return await RunAsync(args[0], options, output);
        }
        catch (MissingOptionException e)
        {
            await output.WriteLineAsync($"error: --{e.Message} is required for {args[0]}\n\n{Usage}");
            return 2;
        }
    }

    private static async Task<int> RunAsync(string drill, Dictionary<string, string> options, TextWriter output)
    {
        switch (drill)
        {
            case "galera":
                var galera = new GaleraDrillSettings(Required(options, "dir"), Required(options, "connection"), Int(options, "port", null));
                galera = galera with
                {
                    Before = Seconds(options, "before") ?? galera.Before,
                    After = Seconds(options, "after") ?? galera.After,
                    Survivor = Seconds(options, "survivor") ?? galera.Survivor,
                };
                GaleraDrill.Print(await GaleraDrill.RunAsync(galera, output), output);
                return 0;
            case "object-store":
                var store = new ObjectStoreDrillSettings(Required(options, "dir"), Required(options, "s3-url"), Required(options, "access-key"),
                    Required(options, "secret-key"), Int(options, "port", null));
                store = store with { S3Timeout = Seconds(options, "s3-timeout") ?? store.S3Timeout };
                ObjectStoreDrill.Print(await ObjectStoreDrill.RunAsync(store, output), output);
                return 0;
            case "frontend" or "nodes" or "hostile":
                return await RunOnDeploymentAsync(drill, options, output);
            default:
                await output.WriteLineAsync($"error: unknown drill '{drill}'\n\n{Usage}");
                return 2;
        }
    }

    private static async Task<int> RunOnDeploymentAsync(string drill, Dictionary<string, string> options, TextWriter output)
    {
        var script = options.GetValueOrDefault("script") ?? FindScript();
        var deployment = await Deployment.OpenAsync(script, Path.GetFullPath(Required(options, "dir")));
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        switch (drill)
        {
            case "frontend":
                var frontend = await FrontendFailover.RunAsync(deployment, Seconds(options, "before") ?? TimeSpan.FromSeconds(10),
                    Seconds(options, "after") ?? TimeSpan.FromSeconds(10),
                    Int(options, "workers", 8), output, limit.Token);
                frontend.Print(output);
                return frontend.FailedStartedAfterKill == 0 ? 0 : 1;
            case "nodes":
                var endpoint = await NodeFailures.KillEndpointAsync(deployment, output, limit.Token);
                endpoint.Print(output);
                var media = await NodeFailures.KillMediaNodeAsync(deployment, Int(options, "viewers", 3), 3, output, limit.Token);
                media.Print(output);
                return endpoint.UploadAfterwardsOk && endpoint.UploadsAtKillOk && media.ViewersToldSeconds.Count == media.Viewers && media.Recording.Ok ? 0 : 1;
            default:
                var hostile = await HostileInput.RunAsync(deployment, new HostileInput.Options(
                    Seconds(options, "flood") ?? TimeSpan.FromSeconds(5), 32, 40, TimeSpan.FromSeconds(8), 20, TimeSpan.FromSeconds(40), Int(options, "json", 600), Int(options, "sockets", 60),
                    Int(options, "seed", 1)), output, limit.Token);
                hostile.Print(output);
                return hostile.Findings.Count == 0 && hostile.LegitimateFailed == 0 && hostile.HealthyAfterwards ? 0 : 1;
        }
    }

    private static string FindScript()
    {
        for (var folder = new DirectoryInfo(Environment.CurrentDirectory); folder is not null; folder = folder.Parent)
        {
            var script = Path.Combine(folder.FullName, "scripts", "topology.sh");
            if (File.Exists(script))
            {
                return script;
            }
        }
        throw new FileNotFoundException("scripts/topology.sh not found above the working directory; pass --script");
    }

    private static string Required(Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) ? value : throw new MissingOptionException(name);

    private static int Int(Dictionary<string, string> options, string name, int? fallback) =>
        options.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture)
        : fallback ?? throw new MissingOptionException(name);

    private static TimeSpan? Seconds(Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) ? TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)) : null;

    private sealed class MissingOptionException(string option) : Exception(option);
}
