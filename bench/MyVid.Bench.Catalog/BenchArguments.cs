using System.Globalization;

namespace MyVid.Bench.Catalog;

internal enum Provider
{
    Sqlite,
    MariaDb,
}

internal sealed record BenchArguments(string Command, Provider Provider, string ConnectionString, int Count, string OutFolder, int Seed)
{
    public static BenchArguments? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("seed" or "matches"))
        {
            return null;
        }
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                return null;
            }
            values[args[i][2..]] = args[i + 1];
        }
        if (!values.TryGetValue("provider", out var providerName) || !Enum.TryParse<Provider>(providerName, ignoreCase: true, out var provider)
            || !values.TryGetValue("connection", out var connection) || !values.TryGetValue("out", out var folder))
        {
            return null;
        }
        var count = values.TryGetValue("count", out var c) ? int.Parse(c, NumberStyles.AllowThousands, CultureInfo.InvariantCulture) : 1_000_000;
        var seed = values.TryGetValue("seed", out var s) ? int.Parse(s, CultureInfo.InvariantCulture) : 20261124;
        return new BenchArguments(args[0], provider, connection, count, folder, seed);
    }
}
