using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using MyVid.Catalog.Search;

namespace MyVid.Catalog.Api;

/// <summary>
/// Search answers (<c>POST /API/VIDEO/</c> with words) kept for <see cref="CatalogOptions.SearchCacheSeconds"/>, keyed
/// by the normalised words, the offset and the page size: popular searches repeat, and a repeat within the lifetime
/// costs no database read. Bounded by <see cref="CatalogOptions.SearchCacheBytes"/> (an estimate of each answer's
/// size; past it new answers are not kept). Any write of any video through this node forgets every kept answer (a
/// write can add a video to, or take it from, any search): the node's writes are counted by
/// <see cref="VideoAnswerCache.Writes"/>, and an answer kept under an earlier count is never given. Other nodes see
/// a write when their entries end, at most the lifetime later. Signed preview URLs lose at most that lifetime.
/// </summary>
internal sealed class SearchAnswerCache : IDisposable
{
    /// <summary>The array, its entry in the cache and the key.</summary>
    private const int EntryOverheadBytes = 256;

    /// <summary>A record and its references in the array.</summary>
    private const int RowOverheadBytes = 64;

    private readonly MemoryCache? _answers;
    private readonly TimeSpan _lifetime;
    private readonly VideoAnswerCache _writes;

    /// <summary>The write count the kept answers were read under; on a change they are all dropped (memory only).</summary>
    private long _writesKept;

    public SearchAnswerCache(IOptions<CatalogOptions> options, VideoAnswerCache writes)
    {
        _writes = writes;
        _writesKept = writes.Writes;
        _lifetime = TimeSpan.FromSeconds(options.Value.SearchCacheSeconds);
        if (_lifetime > TimeSpan.Zero)
        {
            _answers = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.SearchCacheBytes });
        }
    }

    /// <summary>Taken before searching the database; handed back to <see cref="Keep"/>.</summary>
    public long Writes => _writes.Writes;

    public bool TryGet(SearchTerms terms, int offset, int size, [NotNullWhen(true)] out VideoSummaryDto[]? answer)
    {
        answer = null;
        if (_answers is null)
        {
            return false;
        }
        var writes = Writes;
        if (Interlocked.Exchange(ref _writesKept, writes) != writes)
        {
            _answers.Clear();
            return false;
        }
        if (!_answers.TryGetValue(Key(terms, offset, size), out Kept? kept) || kept!.Writes != writes)
        {
            return false;
        }
        answer = kept.Answer;
        return true;
    }

    /// <param name="writesBeforeRead"><see cref="Writes"/> taken before the database read that made the answer.</param>
    public void Keep(SearchTerms terms, int offset, int size, VideoSummaryDto[] answer, long writesBeforeRead)
    {
        if (_answers is null || Writes != writesBeforeRead)
        {
            return;
        }
        // Stamped with the count it was read under: a write after this point makes TryGet refuse it.
        using var entry = _answers.CreateEntry(Key(terms, offset, size));
        entry.Value = new Kept(answer, writesBeforeRead);
        entry.Size = SizeOf(answer);
        entry.AbsoluteExpirationRelativeToNow = _lifetime;
    }

    public void Dispose() => _answers?.Dispose();

    /// <summary>The words in order (the tie-break between equally frequent words follows it), offset and size.</summary>
    private static string Key(SearchTerms terms, int offset, int size) => string.Join(' ', terms.Words) + "|" + offset + "|" + size;

    private static long SizeOf(VideoSummaryDto[] answer) => EntryOverheadBytes + answer.Sum(r =>
        RowOverheadBytes + 2L * (r.Id.Length + r.Title.Length + r.Description.Length + (r.Preview?.Length ?? 0) + r.Type.Length));

    private sealed record Kept(VideoSummaryDto[] Answer, long Writes);
}
