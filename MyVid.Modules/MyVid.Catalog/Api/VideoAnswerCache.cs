using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace MyVid.Catalog.Api;

/// <summary>
/// GET /API/VIDEO/{ID}'s answers for stored and remote videos, kept for <see cref="CatalogOptions.AnswerCacheSeconds"/>
/// so that a popular video is read from the database once per lifetime instead of once per request. Live entries are
/// never kept (their viewer count changes all the time), nor are misses. Bounded by
/// <see cref="CatalogOptions.AnswerCacheBytes"/> (an estimate of each answer's size; past it new answers are not kept).
/// Every write of a video through the catalogue forgets it on this node; other nodes see the write when their entry
/// ends, at most the lifetime later. Signed URLs in a kept answer have lost at most that lifetime of their 24 h.
/// </summary>
internal sealed class VideoAnswerCache : IDisposable
{
    /// <summary>Strings are UTF-16; the rest is the record, its entry in the cache and the id key.</summary>
    private const int EntryOverheadBytes = 256;

    private readonly MemoryCache? _answers;
    private readonly TimeSpan _lifetime;

    /// <summary>Counts writes: an answer read from the database while a write happened is not kept (it may predate it).</summary>
    private long _writes;

    public VideoAnswerCache(IOptions<CatalogOptions> options)
    {
        _lifetime = TimeSpan.FromSeconds(options.Value.AnswerCacheSeconds);
        if (_lifetime > TimeSpan.Zero)
        {
            _answers = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.AnswerCacheBytes });
        }
    }

    /// <summary>Taken before reading the database; handed back to <see cref="Keep"/>.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    public bool TryGet(string id, [NotNullWhen(true)] out HttpVideoDto? answer)
    {
        answer = null;
        return _answers is not null && _answers.TryGetValue(id, out answer);
    }

    /// <param name="writesBeforeRead"><see cref="Writes"/> taken before the database read that made the answer.</param>
    public void Keep(string id, HttpVideoDto answer, long writesBeforeRead)
    {
        if (_answers is null || Writes != writesBeforeRead)
        {
            return;
        }
        using (var entry = _answers.CreateEntry(id))
        {
            entry.Value = answer;
            entry.Size = SizeOf(id, answer);
            entry.AbsoluteExpirationRelativeToNow = _lifetime;
        }
        // A write that forgot the id between the check above and the store: drop what was just stored.
        if (Writes != writesBeforeRead)
        {
            _answers.Remove(id);
        }
    }

    /// <summary>After a write of the video (publish, hide, delete, probe, preview, live changes).</summary>
    public void Forget(string id)
    {
        Interlocked.Increment(ref _writes);
        _answers?.Remove(id);
    }

    /// <summary>After a write of many videos at once (an import).</summary>
    public void ForgetAll()
    {
        Interlocked.Increment(ref _writes);
        _answers?.Clear();
    }

    public void Dispose() => _answers?.Dispose();

    private static long SizeOf(string id, HttpVideoDto a) => EntryOverheadBytes + 2L * (id.Length + a.Url.Length + (a.Preview?.Length ?? 0)
        + a.Title.Length + a.Description.Length + (a.VideoCodec?.Length ?? 0) + (a.AudioCodec?.Length ?? 0) + (a.ProcessingError?.Length ?? 0));
}
