using Microsoft.Extensions.Options;
using MyVid.Catalog.Api;

namespace MyVid.Catalog.Tests;

/// <summary>The bound of the kept GET answers and their race with writes (Api/VideoAnswerCache).</summary>
public sealed class VideoAnswerCacheTests
{
    [Test]
    public void Answers_past_the_byte_bound_are_not_kept()
    {
        using var cache = Cache(seconds: 60, bytes: 1024 * 1024);
        var description = new string('d', 100_000); // ~200 KB each as UTF-16: at most 5 fit in 1 MiB
        cache.Keep("video0", Answer(description), cache.Writes);
        Assert.That(cache.TryGet("video0", out _), Is.True, "within the bound");
        for (var i = 1; i < 20; i++)
        {
            cache.Keep("video" + i, Answer(description), cache.Writes);
        }
        // Past the bound an answer is refused and the cache compacts in the background: fewer may remain, never more.
        Assert.That(Enumerable.Range(0, 20).Count(i => cache.TryGet("video" + i, out _)), Is.AtMost(5));
    }

    [Test]
    public void A_kept_answer_is_returned_until_its_video_is_forgotten()
    {
        using var cache = Cache(seconds: 60);
        var answer = Answer("a talk");
        cache.Keep("a", answer, cache.Writes);
        Assert.That(cache.TryGet("a", out var kept), Is.True);
        Assert.That(kept, Is.SameAs(answer));
        cache.Forget("a");
        Assert.That(cache.TryGet("a", out _), Is.False);
    }

    [Test]
    public void An_answer_read_while_a_write_happened_is_not_kept()
    {
        using var cache = Cache(seconds: 60);
        var writesBeforeRead = cache.Writes;
        cache.Forget("a"); // a write of any video between the database read and keeping its answer
        cache.Keep("a", Answer("maybe stale"), writesBeforeRead);
        Assert.That(cache.TryGet("a", out _), Is.False);
    }

    [Test]
    public void Forgetting_all_drops_every_answer()
    {
        using var cache = Cache(seconds: 60);
        cache.Keep("a", Answer("one"), cache.Writes);
        cache.Keep("b", Answer("two"), cache.Writes);
        cache.ForgetAll();
        Assert.That(cache.TryGet("a", out _) || cache.TryGet("b", out _), Is.False);
    }

    [Test]
    public void A_lifetime_of_zero_keeps_nothing()
    {
        using var cache = Cache(seconds: 0);
        cache.Keep("a", Answer("one"), cache.Writes);
        Assert.That(cache.TryGet("a", out _), Is.False);
    }

    private static VideoAnswerCache Cache(int seconds, long bytes = 64L * 1024 * 1024) =>
        new(Options.Create(new CatalogOptions { AnswerCacheSeconds = seconds, AnswerCacheBytes = bytes }));

    private static HttpVideoDto Answer(string description) =>
        new("HTTP", "https://cdn.example.org/v.mp4", null, "A talk", description, 60);
}
