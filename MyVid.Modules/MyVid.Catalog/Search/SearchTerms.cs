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

    public static SearchTerms Parse(string? text) =>
        new(TextWords.Of(text).Distinct(StringComparer.Ordinal).Take(MaxWords).ToList());
}
