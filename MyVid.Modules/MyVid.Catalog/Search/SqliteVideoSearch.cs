using Microsoft.EntityFrameworkCore;
using MyVid.Catalog.Persistence;

namespace MyVid.Catalog.Search;

/// <summary>FTS5 with bm25 ranking; a title match weighs most, then speakers and tags, then the description.</summary>
internal sealed class SqliteVideoSearch(CatalogDbContext db) : IVideoSearch
{
    public async Task<IReadOnlyList<VideoSummaryRow>> SearchAsync(SearchTerms terms, int offset, int limit, CancellationToken cancellationToken)
    {
        // Every word must match, as a prefix so results come while the user is still typing.
        var match = string.Join(" AND ", terms.Words.Select(w => $"\"{w}\"*"));
        return await db.Database.SqlQuery<VideoSummaryRow>($"""
            SELECT v.Id, v.Kind, v.Title, v.Description, v.PreviewUrl, v.PreviewObjectKey, v.DurationSeconds
            FROM VideoSearch s JOIN Videos v ON v.RandomKey = s.rowid
            WHERE VideoSearch MATCH {match} AND v.Visibility = {(int)VideoVisibility.Public}
            ORDER BY bm25(VideoSearch, 10.0, 1.0, 4.0, 4.0)
            LIMIT {limit} OFFSET {offset}
            """).ToListAsync(cancellationToken);
    }
}
