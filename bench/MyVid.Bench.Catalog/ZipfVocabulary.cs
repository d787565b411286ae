using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MyVid.Bench.Catalog;

/// <summary>
/// A text-like vocabulary: every word of the real media.ccc.de titles and descriptions bundled in
/// MyVid.Catalog/DemoCatalog (English and German, about 12,000 distinct words), ranked by how often it occurs
/// there. Words are drawn with P(rank r) proportional to 1/r (Zipf's law,
/// exponent 1, as natural-language text follows), so the most common word is about 1 token in 10 and a word of
/// rank 1,000 about 1 in 10,000. Deterministic: the ranking ties break by ordinal order.
/// </summary>
internal sealed partial class ZipfVocabulary
{
    private readonly string[] _words;
    private readonly double[] _cumulative;

    private ZipfVocabulary(string[] words)
    {
        _words = words;
        _cumulative = new double[words.Length];
        var sum = 0.0;
        for (var i = 0; i < words.Length; i++)
        {
            sum += 1.0 / (i + 1);
            _cumulative[i] = sum;
        }
        for (var i = 0; i < words.Length; i++)
        {
            _cumulative[i] /= sum;
        }
    }

    public int Count => _words.Length;

    public static ZipfVocabulary Load()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var assembly = Assembly.GetExecutingAssembly();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".json", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var document = JsonDocument.Parse(stream);
            Collect(document.RootElement, counts);
        }
        var ranked = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Key).ToList();
        return new ZipfVocabulary([.. ranked]);
    }

    /// <summary>A word; <paramref name="skip"/> leaves out the most common ranks (for tags and searches).</summary>
    public string Draw(Random random, int skip = 0)
    {
        var low = skip == 0 ? 0.0 : _cumulative[skip - 1];
        var index = Array.BinarySearch(_cumulative, low + random.NextDouble() * (1 - low));
        return _words[Math.Min(index < 0 ? ~index : index, _words.Length - 1)];
    }

    private static void Collect(JsonElement element, Dictionary<string, int> counts)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name is "title" or "subtitle" or "description" && property.Value.ValueKind == JsonValueKind.String)
                    {
                        foreach (Match word in Word().Matches(property.Value.GetString()!.ToLowerInvariant()))
                        {
                            counts[word.Value] = counts.GetValueOrDefault(word.Value) + 1;
                        }
                    }
                    else
                    {
                        Collect(property.Value, counts);
                    }
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, counts);
                }
                break;
        }
    }

    /// <summary>Runs of two or more letters: no numbers, no one-letter words (neither index keeps them).</summary>
    [GeneratedRegex(@"\p{L}{2,}")]
    private static partial Regex Word();
}
