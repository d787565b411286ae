using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MyVid.Catalog.Persistence;

namespace MyVid.Catalog.Search;

/// <summary>
/// Searches MariaDB through the application's own term index (<see cref="VideoTerm"/>, written by
/// <see cref="MariaDbSearchIndex"/>), in the three bounded tiers of <see cref="TieredSearch"/>. InnoDB FULLTEXT
/// collects every match of a word before LIMIT applies (637 ms for a word in 250,000 videos); the term index is
/// ordered by (term, shorter title, RandomKey), so a tier reads the first N rows of one "driver" word and stops.
/// The other words are checked in tiers 0 and 1 in the term index itself (its whole key is known: the word's field
/// and term, the candidate's title length and RandomKey; MariaDB reads them as range scans up to the driver's N-th
/// key, see FromAsync), in tier 2 against the candidate's
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

    /// <summary>One search's SQL; remembers every tier's driver word and its bound between its page and its count.</summary>
    private sealed class Query(CatalogDbContext db, List<string> words, int bound)
    {
        private const string Columns = "SELECT v.Id, v.Kind, v.Title, v.Description, v.PreviewUrl, v.PreviewObjectKey, v.DurationSeconds ";

        /// <summary>Each tier's driver, read for every tier at once on first need (multi-word searches only).</summary>
        private Driver[]? _drivers;

        public async Task<List<VideoSummaryRow>> PageAsync(int tier, int offset, int limit, CancellationToken cancellationToken)
        {
            var sql = new Sql();
            var from = await FromAsync(tier, sql, cancellationToken);
            if (from is null)
            {
                return [];
            }
            var text = Columns + from + $" ORDER BY t.TitleLength, t.RandomKey LIMIT {sql.Add(limit)} OFFSET {sql.Add(offset)}";
            return await db.Database.SqlQueryRaw<VideoSummaryRow>(text, sql.Values.ToArray()).ToListAsync(cancellationToken);
        }

        public async Task<int> CountAsync(int tier, CancellationToken cancellationToken)
        {
            var sql = new Sql();
            var from = await FromAsync(tier, sql, cancellationToken);
            return from is null ? 0
                : await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value " + from, sql.Values.ToArray()).SingleAsync(cancellationToken);
        }

        /// <summary>
        /// FROM … WHERE of a tier's public candidates: the first N index rows of the driver word (t), those whose other
        /// words match as the tier requires (w), less those an earlier tier lists (by its condition), joined to their
        /// videos (v); null when the driver has no rows (the tier is empty: no statement at all). Tiers 0 and 1 read the
        /// driver's rows straight from the index, bounded by the key of its N-th row, so a page walks them in ranking
        /// order and stops at its end (no derived table of candidates, no sort of them; measured with ANALYZE in
        /// bench/RESULTS.md). With one word that key is an uncorrelated subquery, run once; with several it is known
        /// from the driver statement and written as a constant range on every read of the index (t and each check),
        /// which MariaDB turns into range scans of each word's rows up to that key: for two frequent words it reads
        /// a few hundred index rows in order instead of materialising every row of the other word or probing the
        /// index once per candidate (×27 faster for tier 1 of "http boot", bench/RESULTS.md "search5"). The range is
        /// redundant on the checks (their key equals t's), so the rows are the same. STRAIGHT_JOIN keeps that order
        /// and checks the words before reading a video's row, the dearer lookup (the optimiser put Videos first and
        /// read every candidate's row). Built from constant SQL only: every value, the user's words included, goes in
        /// as a parameter.
        /// </summary>
        private async Task<string?> FromAsync(int tier, Sql sql, CancellationToken cancellationToken)
        {
            var driver = words.Count == 1 ? new Driver(0, 1, null) : (_drivers ??= await DriversAsync(cancellationToken))[tier];
            if (driver.Matches == 0)
            {
                return null;
            }
            var word = words[driver.Word];
            var conditions = new List<string>();
            string candidates;
            var inIndex = tier < 2;
            KeyParameters? upTo = null;
            if (inIndex)
            {
                var field = tier == 0 ? VideoTerm.TitlePrefix : VideoTerm.Word;
                var term = sql.Add(word);
                candidates = "VideoTerms t";
                conditions.Add($"t.Field = {field} AND t.Term = {term}");
                if (driver.LastKey is { } last)
                {
                    upTo = new KeyParameters(sql.Add(last.TitleLength), sql.Add(last.RandomKey));
                    conditions.Add(UpTo("t", upTo.Value));
                }
                else
                {
                    // Up to the key of the N-th row (the last of the term's, if it has fewer): one subquery, run once.
                    conditions.Add($"(t.TitleLength, t.RandomKey) <= (SELECT TitleLength, RandomKey FROM " +
                        $"(SELECT TitleLength, RandomKey FROM VideoTerms WHERE Field = {field} AND Term = {term} ORDER BY TitleLength, RandomKey " +
                        $"LIMIT {sql.Add(bound)}) n ORDER BY TitleLength DESC, RandomKey DESC LIMIT 1)");
                }
            }
            else
            {
                // One word alone: its whole-word matches are tier 1's, so read only the longer words it starts.
                candidates = $"(SELECT DISTINCT TitleLength, RandomKey FROM (SELECT TitleLength, RandomKey FROM VideoTerms WHERE Field = {VideoTerm.Word} " +
                    $"AND Term LIKE {sql.Add(word + "%")}{(words.Count == 1 ? $" AND Term > {sql.Add(word)}" : "")} LIMIT {sql.Add(bound)}) d) t";
            }
            // Tiers 0 and 1 need no VideoWords row: reading it and scanning its text cost ×2-3 the point reads of the
            // index for the same answer (bench/RESULTS.md, "search p95").
            var checks = Enumerable.Range(0, words.Count).Where(i => i != driver.Word).Select(i => Matches(tier, words[i], sql, inIndex, upTo)).ToList();
            for (var earlier = 0; earlier < tier; earlier++)
            {
                var e = earlier;
                checks.Add("NOT (" + string.Join(" AND ", words.Select(w => Matches(e, w, sql, inIndex, upTo))) + ")");
            }
            var joinWords = checks.Count > 0 && !inIndex ? " STRAIGHT_JOIN VideoWords w ON w.RandomKey = t.RandomKey" : "";
            conditions.AddRange(checks);
            conditions.Add($"v.Visibility = {sql.Add((int)VideoVisibility.Public)}");
            return $"FROM {candidates}{joinWords} STRAIGHT_JOIN Videos v ON v.RandomKey = t.RandomKey WHERE " + string.Join(" AND ", conditions);
        }

        /// <summary>
        /// Whether a candidate holds <paramref name="word"/> as tier <paramref name="tier"/> requires: in the term index
        /// (<paramref name="inIndex"/>; tiers 0 and 1 only: a title prefix, a whole word; within <paramref name="upTo"/>,
        /// the driver's range, when known) or in its VideoWords row.
        /// </summary>
        private static string Matches(int tier, string word, Sql sql, bool inIndex, KeyParameters? upTo) => inIndex
            ? $"EXISTS (SELECT 1 FROM VideoTerms o WHERE o.Field = {(tier == 0 ? VideoTerm.TitlePrefix : VideoTerm.Word)} AND " +
              $"o.Term = {sql.Add(word)} AND o.TitleLength = t.TitleLength AND o.RandomKey = t.RandomKey" +
              (upTo is { } key ? " AND " + UpTo("o", key) : "") + ")"
            : tier switch
        {
            0 => $"LOCATE({sql.Add(" " + word)}, w.TitleWords) > 0",
            1 => $"LOCATE({sql.Add(" " + word + " ")}, w.AllWords) > 0",
            _ => $"LOCATE({sql.Add(" " + word)}, w.AllWords) > 0",
        };

        /// <summary>
        /// The rows of <paramref name="alias"/> up to a key: compared column by column, which the range optimiser reads
        /// (it does not for a row comparison).
        /// </summary>
        private static string UpTo(string alias, KeyParameters last) =>
            $"({alias}.TitleLength < {last.TitleLength} OR ({alias}.TitleLength = {last.TitleLength} AND {alias}.RandomKey <= {last.RandomKey}))";

        /// <summary>
        /// Every tier's driver in one statement: each word's index rows for each tier counted up to the bound, with the
        /// key of the last row counted (tiers 0 and 1). The driver is the word with the fewest rows; the longer on a tie.
        /// </summary>
        private async Task<Driver[]> DriversAsync(CancellationToken cancellationToken)
        {
            var sql = new Sql();
            var counts = string.Join(" UNION ALL ", Enumerable.Range(0, TieredSearch.Tiers).SelectMany(tier => words.Select((w, i) => tier < 2
                ? $"SELECT {tier} AS Tier, {i} AS Word, COUNT(*) AS Matches, MAX(CAST(TitleLength AS DECIMAL(30)) * {KeyScale} + RandomKey) AS LastKey " +
                  $"FROM (SELECT TitleLength, RandomKey FROM VideoTerms WHERE Field = {(tier == 0 ? VideoTerm.TitlePrefix : VideoTerm.Word)} " +
                  $"AND Term = {sql.Add(w)} ORDER BY TitleLength, RandomKey LIMIT {sql.Add(bound)}) x{tier}_{i}"
                : $"SELECT {tier} AS Tier, {i} AS Word, COUNT(*) AS Matches, NULL AS LastKey FROM (SELECT 1 FROM VideoTerms " +
                  $"WHERE Field = {VideoTerm.Word} AND Term LIKE {sql.Add(w + "%")} LIMIT {sql.Add(bound)}) x{tier}_{i}")));
            var rows = await db.Database.SqlQueryRaw<DriverCount>(counts, sql.Values.ToArray()).ToListAsync(cancellationToken);
            return rows.GroupBy(r => r.Tier).OrderBy(g => g.Key)
                .Select(g => g.OrderBy(r => r.Matches).ThenByDescending(r => words[r.Word].Length).ThenBy(r => r.Word).First())
                .Select(r => new Driver(r.Word, r.Matches, r.LastKey is { } k ? IndexKey.Unpack(k) : null))
                .ToArray();
        }
    }

    /// <summary>
    /// 2^62: RandomKey is in [0, 2^62) (<see cref="VideoQueries.RandomKeyRange"/>), so TitleLength × 2^62 + RandomKey
    /// orders as the index key does and one MAX in SQL finds the last key of a term's first N rows.
    /// </summary>
    private const string KeyScale = "4611686018427387904";

    /// <summary>A key of the term index after its field and term.</summary>
    private readonly record struct IndexKey(short TitleLength, long RandomKey)
    {
        public static IndexKey Unpack(decimal packed)
        {
            var length = decimal.Floor(packed / VideoQueries.RandomKeyRange);
            return new IndexKey((short)length, (long)(packed - length * VideoQueries.RandomKeyRange));
        }
    }

    /// <summary>The placeholders of an <see cref="IndexKey"/>'s two parameters.</summary>
    private readonly record struct KeyParameters(string TitleLength, string RandomKey);

    /// <summary>A tier's driver word: its index, its rows counted up to the bound, and the key of the last of them.</summary>
    private readonly record struct Driver(int Word, long Matches, IndexKey? LastKey);

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
        public int Tier { get; init; }

        public int Word { get; init; }

        public long Matches { get; init; }

        public decimal? LastKey { get; init; }
    }
}
