using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MyVid.Catalog.Persistence;

namespace MyVid.Catalog.Search;

/// <summary>
/// FTS5 in three bounded tiers (<see cref="TieredSearch"/>): the title-only table VideoTitleSearch with prefixes,
/// then VideoSearch (all four columns) with whole words, then VideoSearch with prefixes. Each inner query reads
/// its index in rowid (= RandomKey) order and stops after N rows, so a tier holding more than N matches is a
/// uniform random sample of them; only those rows are joined to Videos and sorted. Whole-word lookups stay lazy in
/// FTS5, whereas a prefix over the large index first merges the lists of every word with that prefix. No bm25: its
/// document-frequency statistics read every match of every word, the unbounded cost this avoids.
/// </summary>
internal sealed class SqliteVideoSearch(CatalogDbContext db, IOptions<CatalogOptions> options) : IVideoSearch
{
    public Task<IReadOnlyList<VideoSummaryRow>> SearchAsync(SearchTerms terms, int offset, int limit, CancellationToken cancellationToken)
    {
        // Every word must match, as a prefix so results come while the user is still typing.
        var prefixes = string.Join(" AND ", terms.Words.Select(w => $"\"{w}\"*"));
        var words = string.Join(" AND ", terms.Words.Select(w => $"\"{w}\""));
        var n = options.Value.SearchCandidates;
        const int Public = (int)VideoVisibility.Public;

        // The candidate keys of a tier: the first n of its own lookup, less the earlier tiers' candidates.
        // Placeholders: {0} every word as a prefix, {1} every word whole, {2} n (EF passes them as parameters).
        static string Candidates(int tier) => tier switch
        {
            0 => "SELECT rowid AS Key FROM (SELECT rowid FROM VideoTitleSearch WHERE VideoTitleSearch MATCH {0} LIMIT {2})",
            1 => """
                SELECT rowid AS Key FROM (SELECT rowid FROM VideoSearch WHERE VideoSearch MATCH {1} LIMIT {2})
                WHERE rowid NOT IN (SELECT rowid FROM VideoTitleSearch WHERE VideoTitleSearch MATCH {0} LIMIT {2})
                """,
            _ => """
                SELECT rowid AS Key FROM (SELECT rowid FROM VideoSearch WHERE VideoSearch MATCH {0} LIMIT {2})
                WHERE rowid NOT IN (SELECT rowid FROM VideoTitleSearch WHERE VideoTitleSearch MATCH {0} LIMIT {2})
                  AND rowid NOT IN (SELECT rowid FROM VideoSearch WHERE VideoSearch MATCH {1} LIMIT {2})
                """,
        };

        // Built from constant SQL only: every value, the user's words included, goes in as a parameter.
        static string Page(int tier) =>
            "SELECT v.Id, v.Kind, v.Title, v.Description, v.PreviewUrl, v.PreviewObjectKey, v.DurationSeconds FROM (" + Candidates(tier) + ") c " +
            "JOIN Videos v ON v.RandomKey = c.Key WHERE v.Visibility = {5} ORDER BY length(v.Title), v.RandomKey LIMIT {3} OFFSET {4}";
        static string Count(int tier) =>
            "SELECT COUNT(*) AS Value FROM (" + Candidates(tier) + ") c JOIN Videos v ON v.RandomKey = c.Key WHERE v.Visibility = {3}";

        return TieredSearch.PageAsync(offset, limit,
            (tier, tierOffset, tierLimit, ct) =>
                db.Database.SqlQueryRaw<VideoSummaryRow>(Page(tier), prefixes, words, n, tierLimit, tierOffset, Public).ToListAsync(ct),
            (tier, ct) => db.Database.SqlQueryRaw<int>(Count(tier), prefixes, words, n, Public).SingleAsync(ct),
            cancellationToken);
    }
}
