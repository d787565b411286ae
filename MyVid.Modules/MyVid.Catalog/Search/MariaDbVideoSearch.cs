using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MyVid.Catalog.Persistence;

namespace MyVid.Catalog.Search;

/// <summary>
/// InnoDB FULLTEXT in boolean mode; the collation makes it case- and accent-insensitive. Three bounded tiers like
/// SqliteVideoSearch (<see cref="TieredSearch"/>): FT_Videos_Title with prefixes, FT_Videos_All with whole words,
/// FT_Videos_All with prefixes; each the first N in the engine's own order (FTS_DOC_ID: oldest first), ranked by
/// shorter title, then RandomKey. No relevance score: MATCH in ORDER BY scores and sorts every match. InnoDB
/// still collects every match of a word before LIMIT applies, so what the tiers save here is the scoring, and the
/// large index whenever the title index's shorter lists fill the page.
/// </summary>
internal sealed class MariaDbVideoSearch(CatalogDbContext db, IOptions<CatalogOptions> options) : IVideoSearch
{
    public Task<IReadOnlyList<VideoSummaryRow>> SearchAsync(SearchTerms terms, int offset, int limit, CancellationToken cancellationToken)
    {
        var prefixes = BooleanQuery(terms, prefix: true);
        var words = BooleanQuery(terms, prefix: false);
        var n = options.Value.SearchCandidates;
        const int Public = (int)VideoVisibility.Public;

        // The candidate keys of a tier: the first n of its own lookup, less the earlier tiers' candidates.
        // Placeholders: {0} every word as a prefix, {1} every word whole, {2} n (EF passes them as parameters).
        // MariaDB takes no LIMIT in an IN subquery, hence the derived tables.
        const string Title = "(SELECT RandomKey FROM Videos WHERE MATCH(Title) AGAINST ({0} IN BOOLEAN MODE) LIMIT {2})";
        const string Whole = "(SELECT RandomKey FROM Videos WHERE MATCH(Title, Description, Speakers, Tags) AGAINST ({1} IN BOOLEAN MODE) LIMIT {2})";
        const string Prefix = "(SELECT RandomKey FROM Videos WHERE MATCH(Title, Description, Speakers, Tags) AGAINST ({0} IN BOOLEAN MODE) LIMIT {2})";
        static string Candidates(int tier) => tier switch
        {
            0 => $"SELECT RandomKey AS CandidateKey FROM {Title} t",
            1 => $"SELECT RandomKey AS CandidateKey FROM {Whole} w WHERE RandomKey NOT IN (SELECT RandomKey FROM {Title} t)",
            _ => $"""
                SELECT RandomKey AS CandidateKey FROM {Prefix} p
                WHERE RandomKey NOT IN (SELECT RandomKey FROM {Title} t) AND RandomKey NOT IN (SELECT RandomKey FROM {Whole} w)
                """,
        };

        // Built from constant SQL only: every value, the user's words included, goes in as a parameter.
        static string Page(int tier) =>
            "SELECT v.Id, v.Kind, v.Title, v.Description, v.PreviewUrl, v.PreviewObjectKey, v.DurationSeconds FROM (" + Candidates(tier) + ") c " +
            "JOIN Videos v ON v.RandomKey = c.CandidateKey WHERE v.Visibility = {5} ORDER BY CHAR_LENGTH(v.Title), v.RandomKey LIMIT {3} OFFSET {4}";
        static string Count(int tier) =>
            "SELECT COUNT(*) AS Value FROM (" + Candidates(tier) + ") c JOIN Videos v ON v.RandomKey = c.CandidateKey WHERE v.Visibility = {3}";

        return TieredSearch.PageAsync(offset, limit,
            (tier, tierOffset, tierLimit, ct) =>
                db.Database.SqlQueryRaw<VideoSummaryRow>(Page(tier), prefixes, words, n, tierLimit, tierOffset, Public).ToListAsync(ct),
            (tier, ct) => db.Database.SqlQueryRaw<int>(Count(tier), prefixes, words, n, Public).SingleAsync(ct),
            cancellationToken);
    }

    /// <summary>
    /// Every word required, as a prefix or whole. InnoDB drops stopwords from its index, so a required stopword
    /// ("+the*") would match nothing: such words are left optional. When every word is a stopword they all stay optional.
    /// </summary>
    internal static string BooleanQuery(SearchTerms terms, bool prefix = true) =>
        string.Join(' ', terms.Words.Select(w => (InnoDbStopwords.Contains(w) ? "" : "+") + w + (prefix ? "*" : "")));

    /// <summary>InnoDB's default stopword list (INFORMATION_SCHEMA.INNODB_FT_DEFAULT_STOPWORD).</summary>
    private static readonly HashSet<string> InnoDbStopwords = new(StringComparer.Ordinal)
    {
        "a", "about", "an", "are", "as", "at", "be", "by", "com", "de", "en", "for", "from", "how", "i", "in", "is",
        "it", "la", "of", "on", "or", "that", "the", "this", "to", "was", "what", "when", "where", "who", "will",
        "with", "und", "www",
    };
}
