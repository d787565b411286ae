using System.Globalization;

namespace MyVid.Drills;

/// <summary>The command line: one drill against a deployment that scripts/topology.sh brought up in --dir.</summary>
internal static class DrillCommand
{
    public const string Usage = """
        MyVid failure drills against scripts/topology.sh's deployment (see docs/reliability.md)

          frontend --dir DIR [--before 10] [--after 10] [--workers 8]
              SIGKILL api1 under load through HAProxy; failed/total, detection and rejoin times.
          nodes --dir DIR [--viewers 3]
              SIGKILL the endpoint the media nodes use, then the media node carrying a live stream.
          hostile --dir DIR [--flood 5] [--json 600] [--sockets 60] [--seed 1]
              rate limits, oversized input, parked sockets, slow clients, fuzzing; the legitimate client's figures.
          --script PATH   topology.sh (default: scripts/topology.sh above the working directory)
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        if (args.Length == 0 || args.Length % 2 == 0)
        {
            await output.WriteLineAsync(Usage);
            return 2;
        }
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }
        if (!options.TryGetValue("dir", out var dir))
        {
            await output.WriteLineAsync("error: --dir is required\n\n" + Usage);
            return 2;
        }
        var script = options.GetValueOrDefault("script") ?? FindScript();
        var deployment = await Deployment.OpenAsync(script, Path.GetFullPath(dir));
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        switch (args[0])
        {
            case "frontend":
                var frontend = await FrontendFailover.RunAsync(deployment, Seconds(options, "before", 10), Seconds(options, "after", 10),
                    Int(options, "workers", 8), output, limit.Token);
                frontend.Print(output);
                return frontend.FailedStartedAfterKill == 0 ? 0 : 1;
            case "nodes":
                var endpoint = await NodeFailures.KillEndpointAsync(deployment, output, limit.Token);
                endpoint.Print(output);
                var media = await NodeFailures.KillMediaNodeAsync(deployment, Int(options, "viewers", 3), 3, output, limit.Token);
                media.Print(output);
                return endpoint.UploadAfterwardsOk && media.ViewersToldSeconds.Count == media.Viewers ? 0 : 1;
            case "hostile":
                var hostile = await HostileInput.RunAsync(deployment, new HostileInput.Options(
                    Seconds(options, "flood", 5), 32, 40, TimeSpan.FromSeconds(8), 20, TimeSpan.FromSeconds(40), Int(options, "json", 600), Int(options, "sockets", 60),
                    Int(options, "seed", 1)), output, limit.Token);
                hostile.Print(output);
                return hostile.Findings.Count == 0 && hostile.LegitimateFailed == 0 && hostile.HealthyAfterwards ? 0 : 1;
            default:
                await output.WriteLineAsync($"error: unknown drill '{args[0]}'\n\n{Usage}");
                return 2;
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

    private static int Int(Dictionary<string, string> options, string name, int fallback) =>
        options.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    private static TimeSpan Seconds(Dictionary<string, string> options, string name, int fallback) => TimeSpan.FromSeconds(Int(options, name, fallback));
}
