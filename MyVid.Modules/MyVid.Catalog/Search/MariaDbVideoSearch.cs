using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MyVid.Catalog.Persistence;

namespace MyVid.Catalog.Search;

/// <summary>
/// Searches MariaDB through the application's own term index (<see cref="VideoTerm"/>, written by
/// <see cref="MariaDbSearchIndex"/>), in the three bounded tiers of <see cref="TieredSearch"/>. InnoDB FULLTEXT
/// collects every match of a word before LIMIT applies (637 ms for a word in 250,000 videos); the term index is
/// ordered by (term, shorter title, RandomKey), so a tier reads the first N rows of one "driver" word and stops.
/// The other words are checked in tiers 0 and 1 by point reads of the term index itself (its whole key is known: the
/// word's field and term, the candidate's title length and RandomKey), in tier 2 against the candidate's
/// <see cref="VideoWords"/> row (the index has no prefixes of every word). Tier 0 reads title prefixes
/// (exact ranking: the shortest titles that match), tier 1 whole words anywhere, tier 2 words anywhere that start
/// with the driver (the first N in word order, a sample). The driver is the word with the fewest rows, counted up
/// to N, so an intersection is complete whenever one of its words is in at most N videos.
/// </summary>
internal sealed class MariaDbVideoSearch(CatalogDbContext db, IOptions<CatalogOptions> options) : IVideoSearch
{
    public Task<IReadOnlyList<VideoSummaryRow>> SearchAsync(SearchTerms terms, int offset, int limit, CancellationToken cancellationToken)
    {
        var words = terms.Words.Select(TextWords.Fold).Where(w => w.Length > 1).Distinct(StringComparer.Ordinal).ToList();
        if (words.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<VideoSummaryRow>>([]);
        }
        var query = new Query(db, words, options.Value.SearchCandidates);
        return TieredSearch.PageAsync(offset, limit, query.PageAsync, query.CountAsync, cancellationToken);
    }

    /// <summary>One search's SQL; remembers each tier's driver word between its page and its count.</summary>
    private sealed class Query(CatalogDbContext db, List<string> words, int bound)
    {
        private const string Columns = "SELECT v.Id, v.Kind, v.Title, v.Description, v.PreviewUrl, v.PreviewObjectKey, v.DurationSeconds ";

        private readonly int?[] _drivers = new int?[TieredSearch.Tiers];

        public async Task<List<VideoSummaryRow>> PageAsync(int tier, int offset, int limit, CancellationToken cancellationToken)
        {
            var sql = new Sql();
            var from = await FromAsync(tier, sql, cancellationToken);
            var text = Columns + from + $" ORDER BY t.TitleLength, t.RandomKey LIMIT {sql.Add(limit)} OFFSET {sql.Add(offset)}";
            return await db.Database.SqlQueryRaw<VideoSummaryRow>(text, sql.Values.ToArray()).ToListAsync(cancellationToken);
        }

        public async Task<int> CountAsync(int tier, CancellationToken cancellationToken)
        {
            var sql = new Sql();
            var from = await FromAsync(tier, sql, cancellationToken);
            return await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value " + from, sql.Values.ToArray()).SingleAsync(cancellationToken);
        }

        /// <summary>
        /// FROM … WHERE of a tier's public candidates: the first N index rows of the driver word (t), those whose other
        /// words match as the tier requires (w), less those an earlier tier lists (by its condition), joined to their
        /// videos (v). Tiers 0 and 1 read the driver's rows straight from the index, bounded by the key of its N-th
        /// row (an uncorrelated subquery, run once), so a page walks them in ranking order and stops at its end (no
        /// derived table of candidates, no sort of them; measured with ANALYZE in bench/RESULTS.md). STRAIGHT_JOIN keeps that order and checks the words before reading a video's
        /// row, the dearer lookup (the optimiser put Videos first and read every candidate's row).
        /// Built from constant SQL only: every value, the user's words included, goes in as a parameter.
        /// </summary>
        private async Task<string> FromAsync(int tier, Sql sql, CancellationToken cancellationToken)
        {
            var driver = _drivers[tier] ??= await DriverAsync(tier, cancellationToken);
            var word = words[driver];
            var conditions = new List<string>();
            string candidates;
            if (tier < 2)
            {
                var field = tier == 0 ? VideoTerm.TitlePrefix : VideoTerm.Word;
                var term = sql.Add(word);
                candidates = "VideoTerms t";
                // Up to the key of the N-th row (the last of the term's, if it has fewer): one subquery, run once.
                conditions.Add($"t.Field = {field} AND t.Term = {term} AND (t.TitleLength, t.RandomKey) <= (SELECT TitleLength, RandomKey FROM " +
                    $"(SELECT TitleLength, RandomKey FROM VideoTerms WHERE Field = {field} AND Term = {term} ORDER BY TitleLength, RandomKey " +
                    $"LIMIT {sql.Add(bound)}) n ORDER BY TitleLength DESC, RandomKey DESC LIMIT 1)");
            }
            else
            {
                // One word alone: its whole-word matches are tier 1's, so read only the longer words it starts.
                candidates = $"(SELECT DISTINCT TitleLength, RandomKey FROM (SELECT TitleLength, RandomKey FROM VideoTerms WHERE Field = {VideoTerm.Word} " +
                    $"AND Term LIKE {sql.Add(word + "%")}{(words.Count == 1 ? $" AND Term > {sql.Add(word)}" : "")} LIMIT {sql.Add(bound)}) d) t";
            }
            // Tiers 0 and 1 need no VideoWords row: reading it and scanning its text cost ×2-3 the point reads of the
            // index for the same answer (bench/RESULTS.md, "search p95").
            var inIndex = tier < 2;
            var checks = Enumerable.Range(0, words.Count).Where(i => i != driver).Select(i => Matches(tier, words[i], sql, inIndex)).ToList();
            for (var earlier = 0; earlier < tier; earlier++)
            {
                var e = earlier;
                checks.Add("NOT (" + string.Join(" AND ", words.Select(w => Matches(e, w, sql, inIndex))) + ")");
            }
            var joinWords = checks.Count > 0 && !inIndex ? " STRAIGHT_JOIN VideoWords w ON w.RandomKey = t.RandomKey" : "";
            conditions.AddRange(checks);
            conditions.Add($"v.Visibility = {sql.Add((int)VideoVisibility.Public)}");
            return $"FROM {candidates}{joinWords} STRAIGHT_JOIN Videos v ON v.RandomKey = t.RandomKey WHERE " + string.Join(" AND ", conditions);
        }

        /// <summary>
        /// Whether a candidate holds <paramref name="word"/> as tier <paramref name="tier"/> requires: in the term index
        /// (<paramref name="inIndex"/>; tiers 0 and 1 only: a title prefix, a whole word) or in its VideoWords row.
        /// </summary>
        private static string Matches(int tier, string word, Sql sql, bool inIndex) => inIndex
            ? $"EXISTS (SELECT 1 FROM VideoTerms o WHERE o.Field = {(tier == 0 ? VideoTerm.TitlePrefix : VideoTerm.Word)} AND " +
              $"o.Term = {sql.Add(word)} AND o.TitleLength = t.TitleLength AND o.RandomKey = t.RandomKey)"
            : tier switch
        {
            0 => $"LOCATE({sql.Add(" " + word)}, w.TitleWords) > 0",
            1 => $"LOCATE({sql.Add(" " + word + " ")}, w.AllWords) > 0",
            _ => $"LOCATE({sql.Add(" " + word)}, w.AllWords) > 0",
        };

        /// <summary>The word with the fewest index rows for the tier, counted up to the bound; the longer on a tie.</summary>
        private async Task<int> DriverAsync(int tier, CancellationToken cancellationToken)
        {
            if (words.Count == 1)
            {
                return 0;
            }
            var sql = new Sql();
            var field = tier == 0 ? VideoTerm.TitlePrefix : VideoTerm.Word;
            var counts = string.Join(" UNION ALL ", words.Select((w, i) =>
                $"SELECT {i} AS Word, COUNT(*) AS Matches FROM (SELECT 1 FROM VideoTerms WHERE Field = {field} AND " +
                (tier == 2 ? $"Term LIKE {sql.Add(w + "%")}" : $"Term = {sql.Add(w)}") + $" LIMIT {sql.Add(bound)}) x{i}"));
            var rows = await db.Database.SqlQueryRaw<DriverCount>(counts, sql.Values.ToArray()).ToListAsync(cancellationToken);
            return rows.OrderBy(r => r.Matches).ThenByDescending(r => words[r.Word].Length).First().Word;
        }
    }

    /// <summary>Parameters in order; <see cref="Add"/> answers the placeholder to write in the SQL.</summary>
    private sealed class Sql
    {
        public List<object> Values { get; } = [];

        public string Add(object value)
        {
            Values.Add(value);
            return "{" + (Values.Count - 1) + "}";
        }
    }

    private sealed class DriverCount
    {
        public int Word { get; init; }

        public long Matches { get; init; }
    }
}
