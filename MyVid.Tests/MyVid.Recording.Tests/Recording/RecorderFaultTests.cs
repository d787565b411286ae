using MyVid.Media.Recording;
using MyVid.Media.Recording.Storage;
using MyVid.Platform.Storage;
using MyVid.Recording.Tests.Recording.Support;

namespace MyVid.Recording.Tests.Recording;

/// <summary>Memory bounds over a long stream, and a store that fails: retried, reported, and never stalling the caller.</summary>
public sealed class RecorderFaultTests
{
    private const int MiB = 1024 * 1024;

    [Test]
    public async Task Memory_stays_bounded_over_a_long_stream_whatever_its_length()
    {
        var store = new FakeStore();
        await using var recorder = Recorder.Start(store, new RecorderOptions { Key = "long_live.webm" }, DateTimeOffset.UtcNow);
        var heldEachMinute = new List<long>();
        long baseline = 0;
        await SyntheticStream.FeedAsync(recorder, TimeSpan.FromMinutes(10), videoBitsPerSecond: 4_000_000, async second =>
        {
            if (second % 60 == 59)
            {
                await recorder.WaitForUploadsAsync(CancellationToken.None);
                heldEachMinute.Add(recorder.GetStatus().HeldBytes);
                var managed = GC.GetTotalMemory(forceFullCollection: true);
                baseline = baseline == 0 ? managed : baseline;
                Assert.That(managed - baseline, Is.LessThan(16 * MiB), $"managed memory at minute {second / 60 + 1}");
            }
        });
        var status = recorder.GetStatus();
        var result = await recorder.CompleteAsync(CancellationToken.None);

        Assert.That(result!.Duration.TotalMinutes, Is.EqualTo(10).Within(0.01));
        Assert.That(store.PartBytes, Is.GreaterThan(290L * 1000 * 1000), "~300 MB went to the store");
        // Part 1 (held for the final header patch) + the part filling + at most the backlog limit.
        Assert.That(status.PeakHeldBytes, Is.LessThan(30L * MiB));
        Assert.That(heldEachMinute.Max(), Is.LessThan(14L * MiB));
        Assert.That(heldEachMinute.Last() - heldEachMinute[0], Is.LessThan(6L * MiB), "no growth with the stream's length");
        TestContext.Out.WriteLine($"held per minute: {string.Join(", ", heldEachMinute.Select(b => b / 1024 + " KiB"))}; peak {status.PeakHeldBytes / 1024} KiB");
    }

    [Test]
    public async Task A_store_failure_is_reported_and_retried_and_the_recording_completes()
    {
        var store = new FakeStore();
        var problems = new List<RecordingProblem>();
        var failures = 0;
        store.FailUploads = part => part == 2 && failures++ < 3;
        await using var recorder = Recorder.Start(store, new RecorderOptions
        {
            Key = "flaky_live.webm",
            OnProblem = p =>
            {
                lock (problems)
                {
                    problems.Add(p);
                }
            },
        }, DateTimeOffset.UtcNow);
        await SyntheticStream.FeedAsync(recorder, TimeSpan.FromSeconds(40), videoBitsPerSecond: 3_000_000);
        var result = await recorder.CompleteAsync(CancellationToken.None);

        Assert.That(store.FailedCalls, Is.EqualTo(3));
        Assert.That(problems, Has.Count.EqualTo(3));
        Assert.That(problems.All(p => !p.IsFatal && p.Message.Contains("part 2", StringComparison.Ordinal)));
        Assert.That(result!.CutShort, Is.False);
        Assert.That(result.Manifest.State, Is.EqualTo(RecordingManifestState.Completed));
    }

    [Test]
    public async Task A_store_down_for_good_fails_the_recording_without_ever_blocking_the_packet_path_and_keeps_what_was_stored()
    {
        var store = new FakeStore();
        var down = false;
        store.FailUploads = _ => down;
        var problems = new List<RecordingProblem>();
        await using var recorder = Recorder.Start(store, new RecorderOptions
        {
            Key = "down_live.webm",
            RetryFor = TimeSpan.FromMinutes(10),
            OnProblem = p =>
            {
                lock (problems)
                {
                    problems.Add(p);
                }
            },
        }, DateTimeOffset.UtcNow);
        var slowest = TimeSpan.Zero;
        await SyntheticStream.FeedAsync(recorder, TimeSpan.FromSeconds(120), videoBitsPerSecond: 3_000_000, second =>
        {
            down |= second == 30;
            return Task.CompletedTask;
        });
        // The packet path after the failure: OnRtp returns at once with false.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 10_000; i++)
        {
            Assert.That(recorder.OnRtp(RecordingTrack.Audio, new byte[40], DateTimeOffset.UtcNow), Is.False);
        }
        slowest = clock.Elapsed;

        Assert.That(recorder.State, Is.EqualTo(RecorderState.Failed));
        Assert.That(recorder.GetStatus().Failure, Does.Contain("too slow or down"));
        Assert.That(problems.Any(p => p.IsFatal));
        Assert.That(slowest, Is.LessThan(TimeSpan.FromSeconds(1)));

        // What was stored before the outage becomes a cut-short file once the store is back.
        down = false;
        var result = await recorder.CompleteAsync(CancellationToken.None);
        Assert.That(result!.CutShort, Is.True);
        Assert.That(result.Manifest.State, Is.EqualTo(RecordingManifestState.Recovered));
        Assert.That(result.Duration.TotalSeconds, Is.InRange(10, 45));
        Assert.That(await store.GetInfoAsync(ObjectBucket.Videos, "down_live.webm", CancellationToken.None), Is.Not.Null);
    }
}
