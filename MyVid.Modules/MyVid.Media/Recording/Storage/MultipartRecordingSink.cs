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

    /// <summary>Where parts wait on disk until the store answers the upload's start; null keeps them in memory (the backlog limit).</summary>
    public string? SpoolFolder { get; init; }

    /// <summary>Bytes the spool holds at most; beyond, its oldest parts are dropped (the file is cut short).</summary>
    public long MaxSpoolBytes { get; init; } = 1024L * 1024 * 1024;
}

/// <summary>
/// Streams the muxer's output into an S3-style multipart upload while live, with bounded memory. Part 1 (the header and
/// the first clusters, at least <see cref="SinkSettings.PartSize"/>) stays in memory until the end, because only it holds
/// what <see cref="WebmMuxer.Finish"/> patches (Segment size, Duration, the Cues' seek entry); a provisional copy of it is
/// uploaded as it fills and when full, and the patched copy replaces it last (parts may be uploaded in any order).
/// Later parts are uploaded as they fill and dropped. Every part ends at a cluster's end. Uploads run on a task of
/// their own, one at a time, each retried with backoff; <see cref="Append"/> never waits for the store. After every part
/// the manifest is rewritten, so <see cref="RecordingRecovery"/> can finish the upload if this process dies.
/// The upload starts on that task too, retried with bounded backoff until the store answers: meanwhile part 1 fills in
/// memory as always and later parts wait in a <see cref="RecordingSpool"/> on disk (and so does every part cut while
/// the spool still holds some, keeping their order); if the spool had to drop parts, the file is completed cut short,
/// as <see cref="RecordingRecovery"/> would (no Cues, no Duration: the Cues' positions no longer hold).
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
    private readonly RecordingSpool? _spool;
    private readonly string _contentType;
    private readonly Action? _onStarted;
    private RecordingManifest _manifest;
    private byte[] _part1;
    private int _part1Length;
    private bool _part1Full;
    private byte[] _current = [];
    private int _currentLength;
    private bool _currentStartsWithKeyframe;
    private byte[]? _spare;
    private int _nextPart = 2;
    private volatile bool _started;
    private long _lastProvisionalMs;
    private long _backlog;
    private int _provisionalPending;
    private long _endMs;
    private volatile string? _failure;

    /// <param name="manifest">Without an upload ID: the sink starts the upload.</param>
    /// <param name="onStarted">Called on the upload task once the store answered the start and holds the manifest.</param>
    public MultipartRecordingSink(IObjectStore store, RecordingManifest manifest, string contentType, SinkSettings settings,
        Action<RecordingProblem> report, Action? onStarted = null)
    {
        _store = store;
        _manifest = manifest;
        _contentType = contentType;
        _settings = settings;
        _report = report;
        _onStarted = onStarted;
        _spool = settings.SpoolFolder is { } folder ? new RecordingSpool(folder, settings.MaxSpoolBytes) : null;
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

    /// <summary>The store answered the upload's start: the recording is being stored.</summary>
    public bool Started => _started;

    /// <summary>Bytes waiting on disk for the upload's start (and the parts behind them).</summary>
    public long SpooledBytes => _spool?.Bytes ?? 0;

    public long PeakSpooledBytes => _spool?.PeakBytes ?? 0;

    /// <summary>The spool dropped parts: the file has a hole and is completed cut short.</summary>
    public bool CutShort => _spool?.Dropped == true;

    public long Length { get; private set; }

    public int PartsUploaded { get; private set; }

    public RecordingManifest Manifest => _manifest;

    public void Append(ReadOnlySpan<byte> bytes, WebmChunk kind, long endTimeMs)
    {
        if (_failure is not null || (kind == WebmChunk.Cues && CutShort))
        {
            return;
        }
        var cluster = kind is WebmChunk.Cluster or WebmChunk.KeyframeCluster;
        Length += bytes.Length;
        _endMs = Math.Max(_endMs, endTimeMs);
        if (!_part1Full)
        {
            Add(ref _part1, ref _part1Length, bytes);
            if (cluster)
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
            _currentStartsWithKeyframe = _currentLength == 0 ? kind != WebmChunk.Cluster : _currentStartsWithKeyframe;
            Add(ref _current, ref _currentLength, bytes);
            if (cluster && _currentLength >= _settings.PartSize)
            {
                CutPart(endTimeMs);
            }
        }
        PeakHeldBytes = Math.Max(PeakHeldBytes, HeldBytes);
    }

    public void Patch(long offset, ReadOnlySpan<byte> bytes)
    {
        if (CutShort)
        {
            return; // the Segment size, Duration and Cues no longer hold: the file stays live-style
        }
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
                Enqueue(new Job(JobKind.Part, 0, _current, _currentLength, _endMs), final: true);
            }
            if (!CutShort)
            {
                // A cut-short file keeps part 1 as uploaded when it filled (a spool exists only past part 1).
                var final = _part1.AsSpan(0, _part1Length).ToArray();
                foreach (var (offset, bytes) in _patches)
                {
                    bytes.CopyTo(final.AsSpan((int)offset));
                }
                Enqueue(new Job(JobKind.Part, 1, final, final.Length, _endMs), final: true);
            }
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
        if (_manifest.UploadId.Length > 0)
        {
            await _store.AbortMultipartAsync(_manifest.Bucket, _manifest.Key, _manifest.UploadId, cancellationToken);
            await RecordingManifest.DeleteAsync(_store, _manifest.Bucket, _manifest.Key, cancellationToken);
        }
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

    public void Dispose()
    {
        _spool?.Dispose();
        _stop.Dispose();
    }

    /// <summary>The part filling is full: to the spool while the upload waits for the store (or the spool holds parts), else queued in memory.</summary>
    private void CutPart(long endTimeMs)
    {
        if (_spool is { } spool && (!_started || spool.HasParts))
        {
            try
            {
                if (spool.Add(_current.AsSpan(0, _currentLength), _currentStartsWithKeyframe, endTimeMs) is { } spooled)
                {
                    _jobs.Writer.TryWrite(new Job(JobKind.Part, 0, [], 0, endTimeMs) { Spooled = spooled });
                }
            }
            catch (IOException e)
            {
                Fail($"The recording could not be spooled to disk: {e.Message}");
            }
            _currentLength = 0; // the bytes are on disk (or dropped): the buffer is reused
            return;
        }
        Enqueue(new Job(JobKind.Part, 0, _current, _currentLength, endTimeMs));
        _current = Interlocked.Exchange(ref _spare, null) ?? [];
        _currentLength = 0;
    }

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
            await StartUploadAsync(token);
            await foreach (var job in _jobs.Reader.ReadAllAsync(token))
            {
                var stored = job.Length;
                if (job.Kind == JobKind.Part)
                {
                    if (job.Spooled is { } spooled && !_spool!.TryTake(spooled))
                    {
                        continue; // dropped by the spool's cap meanwhile
                    }
                    // Parts after the first are numbered as they are stored, so the parts dropped by the spool leave no hole.
                    var number = job.Number == 1 ? 1 : _nextPart++;
                    var part = await RetryAsync($"part {number}", async () =>
                    {
                        await using var content = job.Spooled?.OpenRead() ?? (Stream)new MemoryStream(job.Buffer, 0, job.Length, writable: false);
                        return await _store.UploadPartAsync(_manifest.Bucket, _manifest.Key, _manifest.UploadId, number, content, token);
                    }, token);
                    if (number > 1 && job.Buffer.Length >= _settings.PartSize)
                    {
                        Interlocked.Exchange(ref _spare, job.Buffer);
                    }
                    _uploaded[number] = new RecordingPart(number, part.Size, part.ETag, job.EndMs);
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
                    _manifest = _manifest with
                    {
                        State = CutShort ? RecordingManifestState.Recovered : RecordingManifestState.Completed,
                        DurationMs = job.EndMs,
                        Width = job.Width,
                        Height = job.Height,
                    };
                }
                var manifest = _manifest;
                await RetryAsync("the manifest", async () =>
                {
                    await manifest.WriteAsync(_store, token);
                    return true;
                }, token);
                // Only now: a part counts as stored once the manifest knows it.
                Interlocked.Add(ref _backlog, -stored);
                if (job.Spooled is { } done)
                {
                    _spool!.Remove(done);
                }
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

    /// <summary>Starts the multipart upload and writes the manifest, retried until the store answers (or the sink stops).</summary>
    private async Task StartUploadAsync(CancellationToken token)
    {
        var uploadId = await RetryAsync("the start of the upload", () =>
            _store.StartMultipartAsync(_manifest.Bucket, _manifest.Key, _contentType, token), token, untilStopped: true);
        _manifest = _manifest with { UploadId = uploadId };
        var manifest = _manifest;
        await RetryAsync("the manifest", async () =>
        {
            await manifest.WriteAsync(_store, token);
            return true;
        }, token, untilStopped: true);
        _started = true;
        _onStarted?.Invoke();
    }

    /// <param name="untilStopped">Retries until the call succeeds or the sink stops, not only for <see cref="SinkSettings.RetryFor"/>.</param>
    private async Task<T> RetryAsync<T>(string what, Func<Task<T>> call, CancellationToken token, bool untilStopped = false)
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
                var giveUp = !untilStopped && DateTime.UtcNow - started + delay > _settings.RetryFor;
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

        /// <summary>The part's bytes are on disk, not in <see cref="Buffer"/>.</summary>
        public SpooledPart? Spooled { get; init; }
    }
}
