using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using MyVid.Catalog.Persistence;

namespace MyVid.Catalog.Search;

/// <summary>The catalogue's reads that are not full-text search.</summary>
internal sealed class VideoQueries(CatalogDbContext db)
{
    /// <summary>RandomKey is drawn from [0, this): 62 bits, positive on every database.</summary>
    public const long RandomKeyRange = 1L << 62;

    /// <summary>
    /// One public video by id, with the columns GET /API/VIDEO/{ID} answers with (<see cref="Answered"/>).
    /// Compiled: the hottest read skips building and hashing the LINQ tree on each request. A compiled query fails on
    /// a model other than the one it was compiled for, and one process (a test run) may host SQLite and MariaDB nodes
    /// side by side: one compiled query per model.
    /// </summary>
    public Task<Video?> FindPublicAsync(string id, CancellationToken cancellationToken) =>
        FindPublic.GetValue(db.Model, _ => CompileFindPublic())(db, id, cancellationToken);

    /// <summary>
    /// The public videos among <paramref name="ids"/> (distinct), with the same columns as <see cref="FindPublicAsync"/>,
    /// in one statement. Raw SQL for the IN list: LINQ's <c>ids.Contains(v.Id)</c> inlines the ids as constants on
    /// Pomelo 9 (new SQL generated for every batch); this text depends only on how many ids there are.
    /// </summary>
    public Task<List<Video>> FindPublicManyAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken) =>
        db.Videos.FromSqlRaw(InListSql(ids.Count), [.. ids])
            .AsNoTracking()
            .Where(v => v.Visibility == VideoVisibility.Public)
            .Select(Answered)
            .ToListAsync(cancellationToken);

    /// <summary>The columns GET /API/VIDEO/{ID} answers with, not the whole row (speakers, tags, import and probe bookkeeping).</summary>
    private static readonly Expression<Func<Video, Video>> Answered = v => new Video
    {
        Id = v.Id,
        Kind = v.Kind,
        Visibility = v.Visibility,
        Title = v.Title,
        Description = v.Description,
        Url = v.Url,
        PreviewUrl = v.PreviewUrl,
        VideoObjectKey = v.VideoObjectKey,
        PreviewObjectKey = v.PreviewObjectKey,
        ControlUrl = v.ControlUrl,
        StreamId = v.StreamId,
        DurationSeconds = v.DurationSeconds,
        Width = v.Width,
        Height = v.Height,
        VideoCodec = v.VideoCodec,
        AudioCodec = v.AudioCodec,
        ProbeError = v.ProbeError,
        CutShort = v.CutShort,
        Viewers = v.Viewers,
    };

    private static readonly ConditionalWeakTable<IModel, Func<CatalogDbContext, string, CancellationToken, Task<Video?>>> FindPublic = new();

    private static Func<CatalogDbContext, string, CancellationToken, Task<Video?>> CompileFindPublic() => EF.CompileAsyncQuery(
        (CatalogDbContext db, string id, CancellationToken _) => db.Videos
            .Where(v => v.Id == id && v.Visibility == VideoVisibility.Public)
            .Select(Answered)
            .FirstOrDefault());

    /// <summary>SQL of the same text on SQLite and MariaDB (unquoted names, EF's {n} parameters), one per count.</summary>
    private static string InListSql(int count) => InLists.GetOrAdd(count,
        static n => "SELECT * FROM Videos WHERE Id IN (" + string.Join(", ", Enumerable.Range(0, n).Select(i => "{" + i + "}")) + ")");

    private static readonly ConcurrentDictionary<int, string> InLists = new();

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
