using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using MyVid.Catalog.Persistence;

namespace MyVid.Catalog.Search;

/// <summary>
/// Writes the MariaDB term index (<see cref="VideoTerm"/>, <see cref="VideoWords"/>) for a set of videos from their
/// current rows: deletes what the index held for them and inserts their terms again, so running it twice is harmless.
/// Called in the transaction that changes a video's text (<see cref="MariaDbCatalogDbContext"/>) and by the backfill.
/// Every video is indexed whatever its visibility; searches join Videos and keep the public ones.
/// </summary>
internal static class MariaDbSearchIndex
{
    /// <summary>Rows per INSERT statement: large enough to amortise the round trip, small enough for max_allowed_packet.</summary>
    private const int RowsPerInsert = 2000;

    public static async Task RefreshAsync(DbContext db, IReadOnlyCollection<long> randomKeys, CancellationToken cancellationToken)
    {
        if (randomKeys.Count == 0)
        {
            return;
        }
        var keys = string.Join(',', randomKeys.Select(k => k.ToString(CultureInfo.InvariantCulture)));
        var stored = await db.Set<VideoWords>().FromSqlRaw("SELECT * FROM VideoWords WHERE RandomKey IN (" + keys + ")")
            .AsNoTracking().ToListAsync(cancellationToken);
        var current = await db.Set<Video>().FromSqlRaw("SELECT * FROM Videos WHERE RandomKey IN (" + keys + ")")
            .AsNoTracking()
            .Select(v => new { v.RandomKey, v.Title, v.Description, v.Speakers, v.Tags })
            .ToListAsync(cancellationToken);

        foreach (var old in stored)
        {
            await DeleteTermsAsync(db, IndexedText.Of(old), cancellationToken);
        }
        await db.Database.ExecuteSqlRawAsync("DELETE FROM VideoWords WHERE RandomKey IN (" + keys + ")", cancellationToken);

        var indexed = current.Select(v => IndexedText.Of(v.RandomKey, v.Title, v.Description, v.Speakers, v.Tags)).ToList();
        foreach (var batch in indexed.Select(t => t.ToRow()).Chunk(200))
        {
            await db.Database.ExecuteSqlRawAsync(InsertWords(batch), cancellationToken);
        }
        foreach (var batch in indexed.SelectMany(t => t.Terms().Select(term => (term.Field, term.Term, t.TitleLength, t.RandomKey))).Chunk(RowsPerInsert))
        {
            await db.Database.ExecuteSqlRawAsync(InsertTerms(batch), cancellationToken);
        }
    }

    /// <summary>By full key, so each row is one point lookup (a term alone may have a million rows).</summary>
    private static Task DeleteTermsAsync(DbContext db, IndexedText old, CancellationToken cancellationToken)
    {
        var terms = old.Terms().ToLookup(t => t.Field, t => t.Term);
        var sql = new StringBuilder();
        foreach (var field in terms)
        {
            sql.Append(CultureInfo.InvariantCulture,
                $"DELETE FROM VideoTerms WHERE Field = {field.Key} AND TitleLength = {old.TitleLength} AND RandomKey = {old.RandomKey} AND Term IN (");
            AppendQuoted(sql, field);
            sql.Append(");");
        }
        return sql.Length == 0 ? Task.CompletedTask : db.Database.ExecuteSqlRawAsync(sql.ToString(), cancellationToken);
    }

    private static string InsertWords(IEnumerable<VideoWords> rows)
    {
        var sql = new StringBuilder("INSERT IGNORE INTO VideoWords (RandomKey, TitleLength, TitleWords, AllWords) VALUES ");
        var first = true;
        foreach (var row in rows)
        {
            sql.Append(first ? "(" : ",(").Append(CultureInfo.InvariantCulture, $"{row.RandomKey},{row.TitleLength},");
            AppendQuoted(sql, [row.TitleWords]);
            sql.Append(',');
            AppendQuoted(sql, [row.AllWords]);
            sql.Append(')');
            first = false;
        }
        return sql.ToString();
    }

    private static string InsertTerms(IEnumerable<(byte Field, string Term, short TitleLength, long RandomKey)> rows)
    {
        var sql = new StringBuilder("INSERT IGNORE INTO VideoTerms (Field, Term, TitleLength, RandomKey) VALUES ");
        var first = true;
        foreach (var (field, term, titleLength, randomKey) in rows)
        {
            sql.Append(first ? "(" : ",(").Append(CultureInfo.InvariantCulture, $"{field},");
            AppendQuoted(sql, [term]);
            sql.Append(CultureInfo.InvariantCulture, $",{titleLength},{randomKey})");
            first = false;
        }
        return sql.ToString();
    }

    /// <summary>
    /// Folded words hold only letters, digits and spaces (<see cref="TextWords.Fold"/>), never a quote or a
    /// backslash, so quoting is enough; the check keeps it so should that ever change.
    /// </summary>
    private static void AppendQuoted(StringBuilder sql, IEnumerable<string> values)
    {
        var first = true;
        foreach (var value in values)
        {
            if (value.AsSpan().IndexOfAny('\'', '\\') >= 0)
            {
                throw new InvalidOperationException("A folded word holds a quote or a backslash.");
            }
            sql.Append(first ? "'" : ",'").Append(value).Append('\'');
            first = false;
        }
    }
}
