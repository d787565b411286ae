using System.Globalization;

namespace MyVid.Drills;

/// <summary>The drills that start clusters of their own (drills/galera.sh, drills/object-store.sh); figures as Markdown.</summary>
internal static class ClusterDrillCommand
{
    public static bool Handles(string[] args) => args.Length > 0 && args[0] is "galera" or "object-store";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        switch (args[0])
        {
            case "galera" when args.Length is 4 or 7:
            {
                var settings = new GaleraDrillSettings(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture));
                if (args.Length == 7)
                {
                    settings = settings with { Before = Seconds(args[4]), After = Seconds(args[5]), Survivor = Seconds(args[6]) };
                }
                GaleraDrill.Print(await GaleraDrill.RunAsync(settings, output), output);
                return 0;
            }
            case "object-store" when args.Length is 6 or 7:
            {
                var settings = new ObjectStoreDrillSettings(args[1], args[2], args[3], args[4], int.Parse(args[5], CultureInfo.InvariantCulture));
                if (args.Length == 7)
                {
                    settings = settings with { S3Timeout = Seconds(args[6]) };
                }
                ObjectStoreDrill.Print(await ObjectStoreDrill.RunAsync(settings, output), output);
                return 0;
            }
            default:
                error.WriteLine("wrong arguments: " + string.Join(' ', args));
                error.WriteLine("usage: MyVid.Drills galera CLUSTER_DIR CONNECTION API_PORT [SECONDS_BEFORE SECONDS_AFTER SECONDS_SURVIVOR]");
                error.WriteLine("       MyVid.Drills object-store CEPH_DIR S3_URL ACCESS_KEY SECRET_KEY API_PORT [S3_TIMEOUT_SECONDS]");
                return 2;
        }
    }

    private static TimeSpan Seconds(string s) => TimeSpan.FromSeconds(double.Parse(s, CultureInfo.InvariantCulture));
}
