using System.Globalization;

namespace MyVid.Bench.Catalog;

internal enum Provider
{
    Sqlite,
    MariaDb,
}

internal sealed record BenchArguments(string Command, Provider Provider, string ConnectionString, int Count, string OutFolder, int Seed, VideoGenerator.Corpus Corpus)
{
    /// <summary>Every --name value pair, for the commands with options of their own (probe).</summary>
    public IReadOnlyDictionary<string, string> Values { get; private init; } = new Dictionary<string, string>();

    public static BenchArguments? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("seed" or "matches" or "probe"))
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
            || !values.TryGetValue("connection", out var connection))
        {
            return null;
        }
        var folder = values.GetValueOrDefault("out", ".");
        var count = values.TryGetValue("count", out var c) ? int.Parse(c, NumberStyles.AllowThousands, CultureInfo.InvariantCulture) : 1_000_000;
        var seed = values.TryGetValue("seed", out var s) ? int.Parse(s, CultureInfo.InvariantCulture) : 20261124;
        var corpus = VideoGenerator.Corpus.Topics;
        if (values.TryGetValue("corpus", out var corpusName) && !Enum.TryParse(corpusName, ignoreCase: true, out corpus))
        {
            return null;
        }
        return new BenchArguments(args[0], provider, connection, count, folder, seed, corpus) { Values = values };
    }
}
