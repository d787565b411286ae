using Microsoft.EntityFrameworkCore;
using MyVid.Catalog.Persistence;

namespace MyVid.Catalog.Search;

/// <summary>The catalogue's reads that are not full-text search.</summary>
internal sealed class VideoQueries(CatalogDbContext db)
{
    /// <summary>RandomKey is drawn from [0, this): 62 bits, positive on every database.</summary>
    public const long RandomKeyRange = 1L << 62;

    // Not a static compiled query: one compiled against the SQLite context fails (500) when a MariaDB context in the
    // same process uses it, as when both test backends run in one test host.
    public Task<Video?> FindPublicAsync(string id) =>
        db.Videos.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id && v.Visibility == VideoVisibility.Public);

    /// <summary>
    /// A random selection through the (Visibility, RandomKey) index: the rows from a random point on, wrapping
    /// around at the end. Constant time whatever the catalogue's size, unlike ORDER BY RANDOM().
    /// </summary>
    public async Task<IReadOnlyList<VideoSummaryRow>> RandomAsync(int count, CancellationToken cancellationToken)
    {
        var start = Random.Shared.NextInt64(RandomKeyRange);
        var rows = await Summaries(db.Videos.Where(v => v.RandomKey >= start).OrderBy(v => v.RandomKey), count, cancellationToken);
        if (rows.Count < count)
        {
            rows.AddRange(await Summaries(db.Videos.Where(v => v.RandomKey < start).OrderBy(v => v.RandomKey), count - rows.Count, cancellationToken));
        }
        Random.Shared.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(rows));
        return rows;
    }

    private static Task<List<VideoSummaryRow>> Summaries(IQueryable<Video> videos, int count, CancellationToken cancellationToken) =>
        videos.AsNoTracking()
            .Where(v => v.Visibility == VideoVisibility.Public)
            .Take(count)
            .Select(v => new VideoSummaryRow
            {
                Id = v.Id,
                Kind = v.Kind,
                Title = v.Title,
                Description = v.Description,
                PreviewUrl = v.PreviewUrl,
                PreviewObjectKey = v.PreviewObjectKey,
                DurationSeconds = v.DurationSeconds,
            })
            .ToListAsync(cancellationToken);
}
