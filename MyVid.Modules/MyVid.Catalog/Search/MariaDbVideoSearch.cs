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

    /// <summary>One search's SQL; remembers every tier's word counts between its page and its count.</summary>
    private sealed class Query(CatalogDbContext db, List<string> words, int bound)
    {
        private const string Columns = "SELECT v.Id, v.Kind, v.Title, v.Description, v.PreviewUrl, v.PreviewObjectKey, v.DurationSeconds ";

        /// <summary>
        /// Other words' checks run each subquery once into a temporary table (its range is small, see FromAsync) instead
        /// of a semi-join, which the optimiser put after the Videos lookups and so read every candidate's video.
        /// </summary>
        private const string Materialise = "SET STATEMENT optimizer_switch='semijoin=off' FOR ";

        /// <summary>Each tier's words' index rows, read for every tier at once on first need (multi-word searches only).</summary>
        private WordCount[][]? _counts;

        public async Task<List<VideoSummaryRow>> PageAsync(int tier, int offset, int limit, CancellationToken cancellationToken)
        {
            var sql = new Sql();
            var from = await FromAsync(tier, sql, cancellationToken);
            if (from is null)
            {
                return [];
            }
            var text = from.Value.Prefix + Columns + from.Value.Text + $" ORDER BY t.TitleLength, t.RandomKey LIMIT {sql.Add(limit)} OFFSET {sql.Add(offset)}";
            return await db.Database.SqlQueryRaw<VideoSummaryRow>(text, sql.Values.ToArray()).ToListAsync(cancellationToken);
        }

        public async Task<int> CountAsync(int tier, CancellationToken cancellationToken)
        {
            var sql = new Sql();
            var from = await FromAsync(tier, sql, cancellationToken);
            if (from is null)
            {
                return 0;
            }
            // ToList, not Single: EF would wrap the statement in a subquery, which SET STATEMENT cannot be.
            var text = from.Value.Prefix + "SELECT COUNT(*) AS Value " + from.Value.Text;
            return (await db.Database.SqlQueryRaw<int>(text, sql.Values.ToArray()).ToListAsync(cancellationToken)).Single();
        }

        /// <summary>
        /// FROM … WHERE of a tier's public candidates: the first N index rows of the driver word (t), those whose other
        /// words match as the tier requires (w), less those an earlier tier lists (by its condition), joined to their
        /// videos (v); null when the driver has no rows (the tier is empty: no statement at all). Tiers 0 and 1 read the
        /// driver's rows straight from the index, bounded by the key of its N-th row, so a page walks them in ranking
        /// order and stops at its end (no derived table of candidates, no sort of them; measured with ANALYZE in
        /// bench/RESULTS.md). With one word that key is an uncorrelated subquery, run once. With several it is known
        /// from the counts statement and written as a constant range on every read of the index (t and each check),
        /// so a check reads only the other word's rows up to that key. Where those are at most N (the word's own N-th
        /// key lies at or past the driver's), the check is a subquery run once into a temporary table (a range scan of
        /// at most N rows, then a lookup per candidate in memory); otherwise a join on the index's full key (a point
        /// read per candidate, bounded by N), since the range could hold most of a frequent word's rows. Both before
        /// the video's row. Measured per statement in bench/RESULTS.md ("search5"): ×2–15 cheaper than leaving the
        /// checks to the optimiser as semi-joins. The range is redundant on the checks (their key equals t's), so the rows are the same.
        /// STRAIGHT_JOIN keeps that order: the words are checked before reading a video's row, the dearer lookup (the
        /// optimiser put Videos first and read every candidate's row). Built from constant SQL only: every value, the
        /// user's words included, goes in as a parameter.
        /// </summary>
        private async Task<(string Prefix, string Text)?> FromAsync(int tier, Sql sql, CancellationToken cancellationToken)
        {
            WordCount[]? counts = null;
            var driver = 0;
            if (words.Count > 1)
            {
                counts = (_counts ??= await CountWordsAsync(cancellationToken))[tier];
                driver = Enumerable.Range(0, words.Count).OrderBy(i => counts[i].Matches).ThenByDescending(i => words[i].Length).First();
                if (counts[driver].Matches == 0)
                {
                    return null;
                }
            }
            var word = words[driver];
            var conditions = new List<string>();
            var joins = new List<string>();
            string candidates;
            var inIndex = tier < 2;
            KeyParameters? upTo = null;
            if (inIndex)
            {
                var field = tier == 0 ? VideoTerm.TitlePrefix : VideoTerm.Word;
                var term = sql.Add(word);
                candidates = "VideoTerms t";
                conditions.Add($"t.Field = {field} AND t.Term = {term}");
                if (counts?[driver].LastKey is { } last)
                {
                    var key = IndexKey.Unpack(last);
                    upTo = new KeyParameters(sql.Add(key.TitleLength), sql.Add(key.RandomKey));
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
            var checks = new List<string>();
            foreach (var other in Enumerable.Range(0, words.Count).Where(i => i != driver))
            {
                if (upTo is not null && !WithinBound(counts![other], counts[driver]))
                {
                    var j = "j" + other.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    joins.Add($" STRAIGHT_JOIN VideoTerms {j} ON {j}.Field = {(tier == 0 ? VideoTerm.TitlePrefix : VideoTerm.Word)} AND " +
                        $"{j}.Term = {sql.Add(words[other])} AND {j}.TitleLength = t.TitleLength AND {j}.RandomKey = t.RandomKey");
                }
                else
                {
                    checks.Add(Matches(tier, words[other], sql, inIndex, upTo));
                }
            }
            for (var earlier = 0; earlier < tier; earlier++)
            {
                var e = earlier;
                checks.Add("NOT (" + string.Join(" AND ", words.Select(w => Matches(e, w, sql, inIndex, upTo))) + ")");
            }
            if (checks.Count > 0 && !inIndex)
            {
                joins.Add(" STRAIGHT_JOIN VideoWords w ON w.RandomKey = t.RandomKey");
            }
            conditions.AddRange(checks);
            conditions.Add($"v.Visibility = {sql.Add((int)VideoVisibility.Public)}");
            var text = $"FROM {candidates}{string.Concat(joins)} STRAIGHT_JOIN Videos v ON v.RandomKey = t.RandomKey WHERE " + string.Join(" AND ", conditions);
            return (upTo is null ? "" : Materialise, text);
        }

        /// <summary>Whether a word has at most N rows up to the driver's last counted key.</summary>
        private bool WithinBound(WordCount word, WordCount driver) =>
            word.Matches < bound || word.LastKey >= driver.LastKey;

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
        /// Every word's index rows for each tier in one statement, counted up to the bound, with the key of the last row
        /// counted (tiers 0 and 1). A tier's driver is the word with the fewest; the longer on a tie, then the first.
        /// </summary>
        private async Task<WordCount[][]> CountWordsAsync(CancellationToken cancellationToken)
        {
            var sql = new Sql();
            var counts = string.Join(" UNION ALL ", Enumerable.Range(0, TieredSearch.Tiers).SelectMany(tier => words.Select((w, i) => tier < 2
                ? $"SELECT {tier} AS Tier, {i} AS Word, COUNT(*) AS Matches, MAX(CAST(TitleLength AS DECIMAL(30)) * {KeyScale} + RandomKey) AS LastKey " +
                  $"FROM (SELECT TitleLength, RandomKey FROM VideoTerms WHERE Field = {(tier == 0 ? VideoTerm.TitlePrefix : VideoTerm.Word)} " +
                  $"AND Term = {sql.Add(w)} ORDER BY TitleLength, RandomKey LIMIT {sql.Add(bound)}) x{tier}_{i}"
                : $"SELECT {tier} AS Tier, {i} AS Word, COUNT(*) AS Matches, NULL AS LastKey FROM (SELECT 1 FROM VideoTerms " +
                  $"WHERE Field = {VideoTerm.Word} AND Term LIKE {sql.Add(w + "%")} LIMIT {sql.Add(bound)}) x{tier}_{i}")));
            var rows = await db.Database.SqlQueryRaw<WordCount>(counts, sql.Values.ToArray()).ToListAsync(cancellationToken);
            return Enumerable.Range(0, TieredSearch.Tiers)
                .Select(tier => Enumerable.Range(0, words.Count).Select(i => rows.Single(r => r.Tier == tier && r.Word == i)).ToArray())
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

    /// <summary>A word's index rows for a tier, counted up to the bound, and the packed key of the last of them.</summary>
    private sealed class WordCount
    {
        public int Tier { get; init; }

        public int Word { get; init; }

        public long Matches { get; init; }

        public decimal? LastKey { get; init; }
    }
}
