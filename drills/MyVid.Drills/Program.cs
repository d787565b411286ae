using MyVid.Drills;

// drills/galera.sh and drills/object-store.sh start the clusters and run this; it prints the figures as Markdown.
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: MyVid.Drills galera CLUSTER_DIR CONNECTION API_PORT [SECONDS_BEFORE SECONDS_AFTER SECONDS_SURVIVOR]");
    Console.Error.WriteLine("       MyVid.Drills object-store CEPH_DIR S3_URL ACCESS_KEY SECRET_KEY API_PORT [S3_TIMEOUT_SECONDS]");
    return 2;
}
switch (args[0])
{
    case "galera" when args.Length is 4 or 7:
    {
        var settings = new GaleraDrillSettings(args[1], args[2], int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
        if (args.Length == 7)
        {
            settings = settings with { Before = Seconds(args[4]), After = Seconds(args[5]), Survivor = Seconds(args[6]) };
        }
        GaleraDrill.Print(await GaleraDrill.RunAsync(settings, Console.Out), Console.Out);
        return 0;
    }
    case "object-store" when args.Length is 6 or 7:
    {
        var settings = new ObjectStoreDrillSettings(args[1], args[2], args[3], args[4], int.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture));
        if (args.Length == 7)
        {
            settings = settings with { S3Timeout = Seconds(args[6]) };
        }
        ObjectStoreDrill.Print(await ObjectStoreDrill.RunAsync(settings, Console.Out), Console.Out);
        return 0;
    }
    default:
        Console.Error.WriteLine("unknown drill or wrong arguments: " + string.Join(' ', args));
        return 2;
}

static TimeSpan Seconds(string s) => TimeSpan.FromSeconds(double.Parse(s, System.Globalization.CultureInfo.InvariantCulture));
