using System.Threading.Channels;
using MyVid.Media.Recording.WebM;
using MyVid.Platform.Storage;

namespace MyVid.Media.Recording.Storage;

/// <summary>How a <see cref="MultipartRecordingSink"/> cuts and uploads.</summary>
internal sealed record SinkSettings
{
    public const int MinPartSize = 5 * 1024 * 1024;

    /// <summary>A part is cut at the first cluster end past this size (S3: at least 5 MiB but for the last).</summary>
    public int PartSize { get; init; } = MinPartSize;

    /// <summary>Bytes waiting for the store (parts cut but not yet stored) beyond which the recording fails.</summary>
    public long MaxBacklogBytes { get; init; } = 3L * MinPartSize;

    /// <summary>While part 1 is still filling, a provisional copy is uploaded this often (in media time), so a crash loses less.</summary>
    public long ProvisionalIntervalMs { get; init; } = 10_000;

    /// <summary>How long one store call is retried (with backoff) before the recording fails.</summary>
    public TimeSpan RetryFor { get; init; } = TimeSpan.FromMinutes(2);

    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(15);
}

/// <summary>
/// Streams the muxer's output into an S3-style multipart upload while live, with bounded memory. Part 1 (the header and
/// the first clusters, at least <see cref="SinkSettings.PartSize"/>) stays in memory until the end, because only it holds
/// what <see cref="WebmMuxer.Finish"/> patches (Segment size, Duration, the Cues' seek entry); a provisional copy of it is
/// uploaded as it fills and when full, and the patched copy replaces it last (parts may be uploaded in any order).
/// Later parts are uploaded as they fill and dropped. Every part ends at a cluster's end. Uploads run on a task of
/// their own, one at a time, each retried with backoff; <see cref="Append"/> never waits for the store. After every part
/// the manifest is rewritten, so <see cref="RecordingRecovery"/> can finish the upload if this process dies.
/// </summary>
internal sealed class MultipartRecordingSink : IWebmOutput, IDisposable
{
    private readonly IObjectStore _store;
    private readonly SinkSettings _settings;
    private readonly Action<RecordingProblem> _report;
    private readonly Channel<Job> _jobs = Channel.CreateUnbounded<Job>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(long Offset, byte[] Bytes)> _patches = [];
    private readonly Dictionary<int, RecordingPart> _uploaded = [];
    private readonly Task _uploader;
    private RecordingManifest _manifest;
    private byte[] _part1;
    private int _part1Length;
    private bool _part1Full;
    private byte[] _current = [];
    private int _currentLength;
    private byte[]? _spare;
    private int _nextPart = 2;
    private long _lastProvisionalMs;
    private long _backlog;
    private int _provisionalPending;
    private long _endMs;
    private volatile string? _failure;

    public MultipartRecordingSink(IObjectStore store, RecordingManifest manifest, SinkSettings settings, Action<RecordingProblem> report)
    {
        _store = store;
        _manifest = manifest;
        _settings = settings;
        _report = report;
        _part1 = new byte[Math.Min(settings.PartSize, 256 * 1024)];
        _uploader = Task.Run(UploadLoopAsync);
    }

    /// <summary>Why the recording could not be stored; null while all is well.</summary>
    public string? Failure => _failure;

    /// <summary>Bytes of the file held in memory now: part 1, the part filling, and parts waiting for the store.</summary>
    public long HeldBytes => _part1.Length + _current.Length + Interlocked.Read(ref _backlog);

    public long PeakHeldBytes { get; private set; }

    /// <summary>Bytes cut into parts and not yet stored.</summary>
    public long Backlog => Interlocked.Read(ref _backlog);

    public long Length { get; private set; }

    public int PartsUploaded { get; private set; }

    public RecordingManifest Manifest => _manifest;

    public void Append(ReadOnlySpan<byte> bytes, WebmChunk kind, long endTimeMs)
    {
        if (_failure is not null)
        {
            return;
        }
        Length += bytes.Length;
        _endMs = Math.Max(_endMs, endTimeMs);
        if (!_part1Full)
        {
            Add(ref _part1, ref _part1Length, bytes);
            if (kind == WebmChunk.Cluster)
            {
                if (_part1Length >= _settings.PartSize)
                {
                    _part1Full = true;
                    Enqueue(new Job(JobKind.Part, 1, _part1, _part1Length, endTimeMs));
                }
                else if (endTimeMs - _lastProvisionalMs >= _settings.ProvisionalIntervalMs && Interlocked.CompareExchange(ref _provisionalPending, 1, 0) == 0)
                {
                    // At most one provisional copy waits (a slow store skips some). Appends only ever write past
                    // _part1Length, so the job can share the array.
                    _lastProvisionalMs = endTimeMs;
                    Enqueue(new Job(JobKind.Part, 1, _part1, _part1Length, endTimeMs) { Provisional = true });
                }
            }
        }
        else
        {
            Add(ref _current, ref _currentLength, bytes);
            if (kind == WebmChunk.Cluster && _currentLength >= _settings.PartSize)
            {
                Enqueue(new Job(JobKind.Part, _nextPart++, _current, _currentLength, endTimeMs));
                _current = Interlocked.Exchange(ref _spare, null) ?? [];
                _currentLength = 0;
            }
        }
        PeakHeldBytes = Math.Max(PeakHeldBytes, HeldBytes);
    }

    public void Patch(long offset, ReadOnlySpan<byte> bytes)
    {
        if (offset + bytes.Length > _part1Length)
        {
            throw new InvalidOperationException("Only the header, in part 1, can be patched.");
        }
        _patches.Add((offset, bytes.ToArray()));
    }

    /// <summary>After <see cref="WebmMuxer.Finish"/>: uploads the tail, then the patched part 1, then completes the upload.</summary>
    public async Task<RecordingManifest> CompleteAsync(int width, int height, CancellationToken cancellationToken)
    {
        if (_failure is null)
        {
            if (_part1Full && _currentLength > 0)
            {
                Enqueue(new Job(JobKind.Part, _nextPart++, _current, _currentLength, _endMs), final: true);
            }
            var final = _part1.AsSpan(0, _part1Length).ToArray();
            foreach (var (offset, bytes) in _patches)
            {
                bytes.CopyTo(final.AsSpan((int)offset));
            }
            Enqueue(new Job(JobKind.Part, 1, final, final.Length, _endMs), final: true);
            Enqueue(new Job(JobKind.Complete, 0, [], 0, _endMs) { Width = width, Height = height }, final: true);
        }
        _jobs.Writer.TryComplete();
        await _uploader.WaitAsync(cancellationToken);
        if (_failure is { } failure)
        {
            throw new RecordingFailedException(failure);
        }
        return _manifest;
    }

    /// <summary>Stops uploading and drops the upload and its manifest.</summary>
    public async Task AbortAsync(CancellationToken cancellationToken)
    {
        await StopAsync();
        await _store.AbortMultipartAsync(_manifest.Bucket, _manifest.Key, _manifest.UploadId, cancellationToken);
        await RecordingManifest.DeleteAsync(_store, _manifest.Bucket, _manifest.Key, cancellationToken);
    }

    /// <summary>Stops uploading and leaves the store as it is, as a crash would (what recovery starts from).</summary>
    public async Task StopAsync()
    {
        _jobs.Writer.TryComplete();
        await _stop.CancelAsync();
        try
        {
            await _uploader;
        }
        catch (OperationCanceledException)
        {
            // Stopped midway: what was stored stays.
        }
    }

    /// <summary>Marks the recording failed (from the packet side: the queue overflowed); uploads stop.</summary>
    public void Fail(string reason)
    {
        if (_failure is not null)
        {
            return;
        }
        _failure = reason;
        _report(new RecordingProblem(reason, null, IsFatal: true));
        _jobs.Writer.TryComplete();
        _stop.Cancel();
    }

    public void Dispose() => _stop.Dispose();

    /// <param name="final">The last jobs: their bytes are in memory already, so they do not count against the backlog.</param>
    private void Enqueue(Job job, bool final = false)
    {
        if (Interlocked.Add(ref _backlog, job.Length) > _settings.MaxBacklogBytes && !final)
        {
            Fail($"The object store is too slow or down: {Interlocked.Read(ref _backlog)} bytes wait to be stored.");
            return;
        }
        _jobs.Writer.TryWrite(job);
    }

    private void Add(ref byte[] buffer, ref int length, ReadOnlySpan<byte> bytes)
    {
        if (length + bytes.Length > buffer.Length)
        {
            var size = Math.Max(length + bytes.Length, Math.Min(Math.Max(buffer.Length * 2, 64 * 1024), _settings.PartSize + (1024 * 1024)));
            // A fresh array, never a resize in place: an upload job may still be reading the old one.
            var grown = new byte[size];
            buffer.AsSpan(0, length).CopyTo(grown);
            buffer = grown;
        }
        bytes.CopyTo(buffer.AsSpan(length));
        length += bytes.Length;
    }

    private async Task UploadLoopAsync()
    {
        var token = _stop.Token;
        try
        {
            await foreach (var job in _jobs.Reader.ReadAllAsync(token))
            {
                var stored = job.Length;
                if (job.Kind == JobKind.Part)
                {
                    var part = await RetryAsync($"part {job.Number}", () =>
                        _store.UploadPartAsync(_manifest.Bucket, _manifest.Key, _manifest.UploadId, job.Number,
                            new MemoryStream(job.Buffer, 0, job.Length, writable: false), token), token);
                    if (job.Number > 1 && job.Buffer.Length >= _settings.PartSize)
                    {
                        Interlocked.Exchange(ref _spare, job.Buffer);
                    }
                    _uploaded[job.Number] = new RecordingPart(job.Number, part.Size, part.ETag, job.EndMs);
                    PartsUploaded++;
                    _manifest = _manifest with
                    {
                        Parts = _uploaded.Values.OrderBy(p => p.Number).ToList(),
                        DurationMs = _uploaded.Values.Max(p => p.EndMs),
                        Length = _uploaded.Values.Sum(p => p.Size),
                    };
                }
                else
                {
                    var parts = _uploaded.Values.OrderBy(p => p.Number).Select(p => new UploadedPart(p.Number, p.ETag, p.Size)).ToList();
                    await RetryAsync("completing the upload", async () =>
                    {
                        await _store.CompleteMultipartAsync(_manifest.Bucket, _manifest.Key, _manifest.UploadId, parts, token);
                        return true;
                    }, token);
                    _manifest = _manifest with { State = RecordingManifestState.Completed, DurationMs = job.EndMs, Width = job.Width, Height = job.Height };
                }
                var manifest = _manifest;
                await RetryAsync("the manifest", async () =>
                {
                    await manifest.WriteAsync(_store, token);
                    return true;
                }, token);
                // Only now: a part counts as stored once the manifest knows it.
                Interlocked.Add(ref _backlog, -stored);
                if (job.Provisional)
                {
                    Interlocked.Exchange(ref _provisionalPending, 0);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Aborted, failed or abandoned.
        }
        catch (RecordingFailedException e)
        {
            Fail(e.Message);
        }
    }

    private async Task<T> RetryAsync<T>(string what, Func<Task<T>> call, CancellationToken token)
    {
        var started = DateTime.UtcNow;
        var delay = _settings.FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
            {
                var giveUp = DateTime.UtcNow - started + delay > _settings.RetryFor;
                _report(new RecordingProblem($"Storing {what} of {_manifest.Key} failed (attempt {attempt}): {e.Message}", e, IsFatal: false));
                if (giveUp)
                {
                    throw new RecordingFailedException($"The object store kept failing while storing {what}: {e.Message}", e);
                }
            }
            await Task.Delay(delay, token);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _settings.MaxRetryDelay.Ticks));
        }
    }

    private enum JobKind
    {
        Part,
        Complete,
    }

    private sealed record Job(JobKind Kind, int Number, byte[] Buffer, int Length, long EndMs)
    {
        public int Width { get; init; }

        public int Height { get; init; }

        public bool Provisional { get; init; }
    }
}
