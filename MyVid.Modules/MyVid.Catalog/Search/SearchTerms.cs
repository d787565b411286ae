using System.Globalization;
using System.Text;

namespace MyVid.Catalog.Search;

/// <summary>
/// A user's search text reduced to words: runs of letters and digits, lower-cased. Nothing of the user's text
/// reaches a full-text query syntax except these words, so operators and quotes in input cannot break a query.
/// </summary>
internal sealed class SearchTerms
{
    /// <summary>More words than this add nothing to ranking and only cost time.</summary>
    public const int MaxWords = 12;

    private SearchTerms(IReadOnlyList<string> words) => Words = words;

    public IReadOnlyList<string> Words { get; }

    public bool IsEmpty => Words.Count == 0;

    public static SearchTerms Parse(string? text)
    {
        var words = new List<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return new SearchTerms(words);
        }
        var current = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune) || IsCombiningMark(rune))
            {
                current.Append(rune.ToString().ToLowerInvariant());
                continue;
            }
            Flush(current, words);
        }
        Flush(current, words);
        return new SearchTerms(words.Distinct(StringComparer.Ordinal).Take(MaxWords).ToList());
    }

    private static bool IsCombiningMark(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    private static void Flush(StringBuilder current, List<string> words)
    {
        // One-letter words match nearly everything and neither index keeps them.
        if (current.Length > 1)
        {
            words.Add(current.ToString().Normalize(NormalizationForm.FormC));
        }
        current.Clear();
    }
}
