using Microsoft.EntityFrameworkCore;
using MyVid.Catalog.Persistence;

namespace MyVid.Catalog.Search;

/// <summary>The catalogue's reads that are not full-text search.</summary>
internal sealed class VideoQueries(CatalogDbContext db)
{
    /// <summary>RandomKey is drawn from [0, this): 62 bits, positive on every database.</summary>
    public const long RandomKeyRange = 1L << 62;

    // Not an EF compiled query: a static one binds to the first provider that runs it, and one process
    // (a test run) may host SQLite and MariaDB nodes side by side. EF caches the translation anyway.
    public Task<Video?> FindPublicAsync(string id, CancellationToken cancellationToken) =>
        db.Videos.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id && v.Visibility == VideoVisibility.Public, cancellationToken);

    /// <summary>
    /// A random selection through the (Visibility, RandomKey) index: the rows from a random point on, wrapping
    /// around at the end. Constant time whatever the catalogue's size, unlike ORDER BY RANDOM(). <paramref name="live"/>
    /// true: live streams only, through the (Visibility, Kind, RandomKey) index, so a few streams among a million
    /// videos are found without a scan; false: everything else (nearly every row, so the first index serves).
    /// </summary>
    public async Task<IReadOnlyList<VideoSummaryRow>> RandomAsync(int count, bool? live, CancellationToken cancellationToken)
    {
        var videos = live switch
        {
            true => db.Videos.Where(v => v.Kind == VideoKind.WebRtc),
            false => db.Videos.Where(v => v.Kind != VideoKind.WebRtc),
            null => db.Videos,
        };
        var start = Random.Shared.NextInt64(RandomKeyRange);
        var rows = await Summaries(videos.Where(v => v.RandomKey >= start).OrderBy(v => v.RandomKey), count, cancellationToken);
        if (rows.Count < count)
        {
            rows.AddRange(await Summaries(videos.Where(v => v.RandomKey < start).OrderBy(v => v.RandomKey), count - rows.Count, cancellationToken));
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
