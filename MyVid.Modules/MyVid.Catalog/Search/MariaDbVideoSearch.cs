using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MyVid.Catalog.Persistence;

namespace MyVid.Catalog.Search;

/// <summary>
/// Searches MariaDB through the application's own term index (<see cref="VideoTerm"/>, written by
/// <see cref="MariaDbSearchIndex"/>), in the three bounded tiers of <see cref="TieredSearch"/>. InnoDB FULLTEXT
/// collects every match of a word before LIMIT applies (637 ms for a word in 250,000 videos); the term index is
/// ordered by (term, shorter title, RandomKey), so a tier reads the first N rows of one "driver" word and stops.
/// The other words are checked against the candidate's <see cref="VideoWords"/> row. Tier 0 reads title prefixes
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
        private readonly int?[] _drivers = new int?[TieredSearch.Tiers];

        public async Task<List<VideoSummaryRow>> PageAsync(int tier, int offset, int limit, CancellationToken cancellationToken)
        {
            if (tier == 0 && words.Count == 1)
            {
                return await TitlePageAsync(offset, limit, cancellationToken);
            }
            var sql = new Sql();
            var from = await FromAsync(tier, sql, cancellationToken);
            var text = "SELECT v.Id, v.Kind, v.Title, v.Description, v.PreviewUrl, v.PreviewObjectKey, v.DurationSeconds " + from +
                $" ORDER BY c.TitleLength, c.RandomKey LIMIT {sql.Add(limit)} OFFSET {sql.Add(offset)}";
            return await db.Database.SqlQueryRaw<VideoSummaryRow>(text, sql.Values.ToArray()).ToListAsync(cancellationToken);
        }

        /// <summary>
        /// The commonest search, one word in titles, without a derived table: MariaDB walks the term's rows in
        /// ranking order and stops at the page's end, so it reads the page's rows rather than all N candidates.
        /// The page never reaches past the bound.
        /// </summary>
        private Task<List<VideoSummaryRow>> TitlePageAsync(int offset, int limit, CancellationToken cancellationToken)
        {
            limit = Math.Min(limit, Math.Max(0, bound - offset));
            if (limit == 0)
            {
                return Task.FromResult(new List<VideoSummaryRow>());
            }
            var sql = new Sql();
            var text = "SELECT v.Id, v.Kind, v.Title, v.Description, v.PreviewUrl, v.PreviewObjectKey, v.DurationSeconds FROM VideoTerms t " +
                $"JOIN Videos v ON v.RandomKey = t.RandomKey WHERE t.Field = {VideoTerm.TitlePrefix} AND t.Term = {sql.Add(words[0])} " +
                $"AND v.Visibility = {sql.Add((int)VideoVisibility.Public)} ORDER BY t.TitleLength, t.RandomKey LIMIT {sql.Add(limit)} OFFSET {sql.Add(offset)}";
            return db.Database.SqlQueryRaw<VideoSummaryRow>(text, sql.Values.ToArray()).ToListAsync(cancellationToken);
        }

        public async Task<int> CountAsync(int tier, CancellationToken cancellationToken)
        {
            var sql = new Sql();
            var from = await FromAsync(tier, sql, cancellationToken);
            return await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value " + from, sql.Values.ToArray()).SingleAsync(cancellationToken);
        }

        /// <summary>
        /// FROM … WHERE of a tier's public candidates: the first N index rows of the driver word, those whose other
        /// words match as the tier requires, less those an earlier tier lists (by its condition).
        /// Built from constant SQL only: every value, the user's words included, goes in as a parameter.
        /// </summary>
        private async Task<string> FromAsync(int tier, Sql sql, CancellationToken cancellationToken)
        {
            var driver = _drivers[tier] ??= await DriverAsync(tier, cancellationToken);
            var word = words[driver];
            var candidates = tier switch
            {
                0 => $"SELECT TitleLength, RandomKey FROM VideoTerms WHERE Field = {VideoTerm.TitlePrefix} AND Term = {sql.Add(word)} " +
                     $"ORDER BY TitleLength, RandomKey LIMIT {sql.Add(bound)}",
                1 => $"SELECT TitleLength, RandomKey FROM VideoTerms WHERE Field = {VideoTerm.Word} AND Term = {sql.Add(word)} " +
                     $"ORDER BY TitleLength, RandomKey LIMIT {sql.Add(bound)}",
                // One word alone: its whole-word matches are tier 1's, so read only the longer words it starts.
                _ => $"SELECT DISTINCT TitleLength, RandomKey FROM (SELECT TitleLength, RandomKey FROM VideoTerms WHERE Field = {VideoTerm.Word} " +
                     $"AND Term LIKE {sql.Add(word + "%")}{(words.Count == 1 ? $" AND Term > {sql.Add(word)}" : "")} LIMIT {sql.Add(bound)}) d",
            };
            var others = Enumerable.Range(0, words.Count).Where(i => i != driver).ToList();
            var conditions = new List<string>
            {
                $"v.Visibility = {sql.Add((int)VideoVisibility.Public)}",
            };
            conditions.AddRange(others.Select(i => Matches(tier, words[i], sql)));
            for (var earlier = 0; earlier < tier; earlier++)
            {
                var e = earlier;
                conditions.Add("NOT (" + string.Join(" AND ", words.Select(w => Matches(e, w, sql))) + ")");
            }
            var joinWords = conditions.Count > 1 ? " JOIN VideoWords w ON w.RandomKey = c.RandomKey" : "";
            return $"FROM ({candidates}) c JOIN Videos v ON v.RandomKey = c.RandomKey{joinWords} WHERE " + string.Join(" AND ", conditions);
        }

        /// <summary>Whether a candidate holds <paramref name="word"/> as tier <paramref name="tier"/> requires.</summary>
        private static string Matches(int tier, string word, Sql sql) => tier switch
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
