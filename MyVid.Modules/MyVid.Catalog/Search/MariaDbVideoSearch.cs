using Microsoft.EntityFrameworkCore;
using MyVid.Catalog.Persistence;

namespace MyVid.Catalog.Search;

/// <summary>
/// InnoDB FULLTEXT in boolean mode: every word required, as a prefix. The collation makes it case- and
/// accent-insensitive. A title match counts three times, as with the SQLite ranking.
/// </summary>
internal sealed class MariaDbVideoSearch(CatalogDbContext db) : IVideoSearch
{
    public async Task<IReadOnlyList<VideoSummaryRow>> SearchAsync(SearchTerms terms, int offset, int limit, CancellationToken cancellationToken)
    {
        var against = BooleanQuery(terms);
        return await db.Database.SqlQuery<VideoSummaryRow>($"""
            SELECT Id, Kind, Title, Description, PreviewUrl, PreviewObjectKey, DurationSeconds
            FROM Videos
            WHERE MATCH(Title, Description, Speakers, Tags) AGAINST ({against} IN BOOLEAN MODE)
              AND Visibility = {(int)VideoVisibility.Public}
            ORDER BY 3 * MATCH(Title) AGAINST ({against} IN BOOLEAN MODE)
                   + MATCH(Title, Description, Speakers, Tags) AGAINST ({against} IN BOOLEAN MODE) DESC, Id
            LIMIT {limit} OFFSET {offset}
            """).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// InnoDB drops stopwords from its index, so a required stopword ("+the*") would match nothing: such words
    /// are left optional. When every word is a stopword they all stay optional.
    /// </summary>
    internal static string BooleanQuery(SearchTerms terms) =>
        string.Join(' ', terms.Words.Select(w => InnoDbStopwords.Contains(w) ? $"{w}*" : $"+{w}*"));

    /// <summary>InnoDB's default stopword list (INFORMATION_SCHEMA.INNODB_FT_DEFAULT_STOPWORD).</summary>
    private static readonly HashSet<string> InnoDbStopwords = new(StringComparer.Ordinal)
    {
        "a", "about", "an", "are", "as", "at", "be", "by", "com", "de", "en", "for", "from", "how", "i", "in", "is",
        "it", "la", "of", "on", "or", "that", "the", "this", "to", "was", "what", "when", "where", "who", "will",
        "with", "und", "www",
    };
}
