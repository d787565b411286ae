using System.Globalization;

namespace MyVid.Testing;

/// <summary>One read of a node's <c>GET /metrics</c> (Prometheus text format): samples by name and labels.</summary>
public sealed class MetricsScrape
{
    private readonly List<(string Name, string Labels, double Value)> _samples;

    private MetricsScrape(List<(string, string, double)> samples) => _samples = samples;

    public static async Task<MetricsScrape> ReadAsync(HttpClient http)
    {
        using var response = await http.GetAsync("metrics");
        response.EnsureSuccessStatusCode();
        var samples = new List<(string, string, double)>();
        foreach (var line in (await response.Content.ReadAsStringAsync()).Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var space = line.LastIndexOf(' ');
            var key = line[..space];
            var brace = key.IndexOf('{', StringComparison.Ordinal);
            var name = brace < 0 ? key : key[..brace];
            var labels = brace < 0 ? "" : key[brace..];
            samples.Add((name, labels, double.Parse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture)));
        }
        return new MetricsScrape(samples);
    }

    /// <summary>Whether any sample has this name.</summary>
    public bool Has(string name) => _samples.Exists(s => s.Name == name);

    /// <summary>The sum of the samples with this name whose labels contain every given <c>key="value"</c> (0 when none).</summary>
    public double Sum(string name, params string[] labels) =>
        _samples.Where(s => s.Name == name && labels.All(l => s.Labels.Contains(l, StringComparison.Ordinal))).Sum(s => s.Value);
}
