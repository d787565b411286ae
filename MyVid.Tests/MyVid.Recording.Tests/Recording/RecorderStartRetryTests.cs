using MyVid.Media.Recording;
using MyVid.Media.Recording.Storage;
using MyVid.Recording.Tests.Recording.Support;

namespace MyVid.Recording.Tests.Recording;

/// <summary>A store down when the stream goes live: the recorder takes packets at once, spools to disk, and stores all once the store answers.</summary>
public sealed class RecorderStartRetryTests
{
    private const int MiB = 1024 * 1024;
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("myvid-spool-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task A_start_that_fails_is_retried_while_the_stream_is_spooled_to_disk_and_nothing_is_lost()
    {
        var store = new FlakyStore(new FakeStore()) { Down = true };
        var problems = new List<RecordingProblem>();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var spool = Path.Combine(_folder, "rec");
        RecorderStatus? whileDown = null;
        await using var recorder = Recorder.Start(store, new RecorderOptions
        {
            Key = "late_live.webm",
            SpoolFolder = spool,
            MaxRetryDelay = TimeSpan.FromMilliseconds(200),
            OnStarted = () => started.TrySetResult(),
            OnProblem = p =>
            {
                lock (problems)
                {
                    problems.Add(p);
                }
            },
        }, DateTimeOffset.UtcNow);
        await SyntheticStream.FeedAsync(recorder, TimeSpan.FromSeconds(60), videoBitsPerSecond: 3_000_000, second =>
        {
            if (second == 45)
            {
                whileDown = recorder.GetStatus();
                store.Down = false;
            }
            return Task.CompletedTask;
        });
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var result = await recorder.CompleteAsync(CancellationToken.None);
        var status = recorder.GetStatus();

        Assert.That(whileDown!.Storing, Is.False);
        Assert.That(whileDown.State, Is.EqualTo(RecorderState.Recording));
        Assert.That(whileDown.SpooledBytes, Is.GreaterThan(10L * MiB), "~17 MB of 45 s waited: part 1 in memory, the rest on disk");
        // Part 1 and the part filling, not the 45 s of the outage (HeldBytes counts part 1 once more for each of its waiting
        // uploads, full and provisional, which share its array); in memory the outage would have failed the recording at 15 MiB.
        Assert.That(whileDown.HeldBytes, Is.LessThan(24L * MiB));
        Assert.That(store.FailedCalls, Is.GreaterThan(0));
        Assert.That(problems, Is.Not.Empty);
        Assert.That(problems.All(p => !p.IsFatal && p.Message.Contains("start of the upload", StringComparison.Ordinal)));
        Assert.That(result!.CutShort, Is.False);
        Assert.That(result.Manifest.State, Is.EqualTo(RecordingManifestState.Completed));
        Assert.That(result.Duration.TotalSeconds, Is.EqualTo(60).Within(0.5));
        Assert.That(result.Length, Is.EqualTo(status.BytesWritten), "every byte muxed reached the store");
        Assert.That(result.Manifest.Parts.Select(p => p.Number), Is.EqualTo(Enumerable.Range(1, result.Manifest.Parts.Count)));
        Assert.That(Directory.Exists(spool) ? Directory.GetFiles(spool) : [], Is.Empty, "the spool is emptied as it is stored");
    }

    [Test]
    public async Task A_spool_over_its_cap_keeps_the_newest_parts_and_the_recording_is_cut_short()
    {
        var store = new FlakyStore(new FakeStore()) { Down = true };
        var spool = Path.Combine(_folder, "rec");
        await using var recorder = Recorder.Start(store, new RecorderOptions
        {
            Key = "capped_live.webm",
            SpoolFolder = spool,
            MaxSpoolBytes = 12L * MiB,
            MaxRetryDelay = TimeSpan.FromMilliseconds(200),
        }, DateTimeOffset.UtcNow);
        long peakFiles = 0;
        await SyntheticStream.FeedAsync(recorder, TimeSpan.FromSeconds(150), videoBitsPerSecond: 3_000_000, second =>
        {
            peakFiles = Math.Max(peakFiles, Directory.Exists(spool) ? Directory.GetFiles(spool).Sum(f => new FileInfo(f).Length) : 0);
            store.Down = second < 140;
            return Task.CompletedTask;
        });
        var status = recorder.GetStatus();
        var result = await recorder.CompleteAsync(CancellationToken.None);

        Assert.That(status.PeakSpooledBytes, Is.LessThanOrEqualTo(12L * MiB));
        Assert.That(peakFiles, Is.LessThanOrEqualTo(12L * MiB), "the disk holds what the cap allows");
        Assert.That(result!.CutShort, Is.True);
        Assert.That(result.Manifest.State, Is.EqualTo(RecordingManifestState.Recovered));
        Assert.That(result.Manifest.Parts.Select(p => p.Number), Is.EqualTo(Enumerable.Range(1, result.Manifest.Parts.Count)), "no hole in part numbers");
        Assert.That(result.Length, Is.LessThan(status.BytesWritten - (20L * MiB)), "the oldest spooled parts were dropped");
        Assert.That(result.Duration.TotalSeconds, Is.EqualTo(150).Within(1), "the newest part is kept, to the end");
    }

    [Test]
    public void After_a_hole_the_spool_keeps_nothing_until_a_part_that_starts_with_a_keyframe()
    {
        using var spool = new RecordingSpool(Path.Combine(_folder, "unit"), maxBytes: 300);
        var part = new byte[100];
        var a = spool.Add(part, startsWithKeyframe: true, endMs: 1);
        var b = spool.Add(part, startsWithKeyframe: false, endMs: 2);
        var c = spool.Add(part, startsWithKeyframe: false, endMs: 3);
        Assert.That(spool.TryTake(a!), Is.True, "a is being uploaded: it stays");
        // No room for d: b goes, then c, which cannot follow the hole without a keyframe.
        var d = spool.Add(part, startsWithKeyframe: false, endMs: 4);
        var e = spool.Add(part, startsWithKeyframe: true, endMs: 5);
        var f = spool.Add(part, startsWithKeyframe: false, endMs: 6);

        Assert.That(d, Is.Null, "nothing but a keyframe follows the hole");
        Assert.That(spool.TryTake(b!), Is.False);
        Assert.That(spool.TryTake(c!), Is.False);
        Assert.That(e, Is.Not.Null);
        Assert.That(f, Is.Not.Null);
        Assert.That(spool.Dropped, Is.True);
        Assert.That(spool.Bytes, Is.EqualTo(300));
        spool.Remove(a!);
        Assert.That(spool.Bytes, Is.EqualTo(200));
        Assert.That(File.Exists(e!.Path) && File.Exists(f!.Path) && !File.Exists(b!.Path), Is.True);
    }
}
