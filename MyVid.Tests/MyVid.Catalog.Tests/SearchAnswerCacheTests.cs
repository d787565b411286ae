using Microsoft.Extensions.Options;
using MyVid.Catalog.Api;
using MyVid.Catalog.Search;

namespace MyVid.Catalog.Tests;

/// <summary>Kept search answers (Api/SearchAnswerCache): hits, what a write forgets, the byte bound.</summary>
public sealed class SearchAnswerCacheTests
{
    private static readonly SearchTerms Kubernetes = SearchTerms.Parse("Kubernetes operators");

    [Test]
    public void A_kept_answer_is_given_for_the_same_words_page_and_size_only()
    {
        using var writes = Writes();
        using var cache = Cache(writes, seconds: 60);
        var answer = Answer("a talk");
        cache.Keep(Kubernetes, 0, 24, answer, cache.Writes);
        Assert.That(cache.TryGet(SearchTerms.Parse("kubernetes, OPERATORS!"), 0, 24, out var kept), Is.True, "the same words, normalised");
        Assert.That(kept, Is.SameAs(answer));
        Assert.That(cache.TryGet(Kubernetes, 24, 24, out _), Is.False, "another page");
        Assert.That(cache.TryGet(Kubernetes, 0, 10, out _), Is.False, "another size");
        Assert.That(cache.TryGet(SearchTerms.Parse("kubernetes"), 0, 24, out _), Is.False, "other words");
    }

    [Test]
    public void Any_write_through_the_node_forgets_every_kept_answer()
    {
        using var writes = Writes();
        using var cache = Cache(writes, seconds: 60);
        cache.Keep(Kubernetes, 0, 24, Answer("one"), cache.Writes);
        cache.Keep(SearchTerms.Parse("linux"), 0, 24, Answer("two"), cache.Writes);
        writes.Forget("some-other-video"); // a write of a video neither answer lists: it may belong in either now
        Assert.That(cache.TryGet(Kubernetes, 0, 24, out _), Is.False);
        Assert.That(cache.TryGet(SearchTerms.Parse("linux"), 0, 24, out _), Is.False);
        cache.Keep(Kubernetes, 0, 24, Answer("fresh"), cache.Writes);
        Assert.That(cache.TryGet(Kubernetes, 0, 24, out _), Is.True, "answers read after the write are kept again");
    }

    [Test]
    public void An_answer_read_while_a_write_happened_is_not_kept()
    {
        using var writes = Writes();
        using var cache = Cache(writes, seconds: 60);
        var writesBeforeRead = cache.Writes;
        writes.ForgetAll();
        cache.Keep(Kubernetes, 0, 24, Answer("maybe stale"), writesBeforeRead);
        Assert.That(cache.TryGet(Kubernetes, 0, 24, out _), Is.False);
    }

    [Test]
    public void Answers_past_the_byte_bound_are_not_kept()
    {
        using var writes = Writes();
        using var cache = Cache(writes, seconds: 60, bytes: 1024 * 1024);
        var description = new string('d', 100_000); // ~200 KB each as UTF-16: at most 5 fit in 1 MiB
        cache.Keep(Kubernetes, 0, 24, Answer(description), cache.Writes);
        Assert.That(cache.TryGet(Kubernetes, 0, 24, out _), Is.True, "within the bound");
        for (var i = 1; i < 20; i++)
        {
            cache.Keep(Kubernetes, i, 24, Answer(description), cache.Writes);
        }
        // Past the bound an answer is refused and the cache compacts in the background: fewer may remain, never more.
        Assert.That(Enumerable.Range(0, 20).Count(i => cache.TryGet(Kubernetes, i, 24, out _)), Is.AtMost(5));
    }

    [Test]
    public void A_lifetime_of_zero_keeps_nothing()
    {
        using var writes = Writes();
        using var cache = Cache(writes, seconds: 0);
        cache.Keep(Kubernetes, 0, 24, Answer("one"), cache.Writes);
        Assert.That(cache.TryGet(Kubernetes, 0, 24, out _), Is.False);
    }

    private static VideoAnswerCache Writes() => new(Options.Create(new CatalogOptions()));

    private static SearchAnswerCache Cache(VideoAnswerCache writes, int seconds, long bytes = 32L * 1024 * 1024) =>
        new(Options.Create(new CatalogOptions { SearchCacheSeconds = seconds, SearchCacheBytes = bytes }), writes);

    private static VideoSummaryDto[] Answer(string description) => [new("abc", "A talk", description, null, "HTTP", 60)];
}
