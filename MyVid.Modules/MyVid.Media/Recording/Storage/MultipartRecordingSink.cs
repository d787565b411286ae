using System.Threading.Channels;
using MyVid.Media.Recording.WebM;
using MyVid.Platform.Storage;

namespace MyVid.Media.Recording.Storage;

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
internal sealed partial class MultipartRecordingSink : IWebmOutput, IDisposable
{
    private readonly IObjectStore _store;
    private readonly SinkSettings _settings;
    private readonly Action<RecordingProblem> _report;
    private readonly StoreRetry _retry;
    private readonly Channel<UploadJob> _jobs = Channel.CreateUnbounded<UploadJob>(new UnboundedChannelOptions { SingleReader = true });
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
        _retry = new StoreRetry(settings, manifest.Key, report);
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
                    Enqueue(new UploadJob(UploadJobKind.Part, 1, _part1, _part1Length, endTimeMs));
                }
                else if (endTimeMs - _lastProvisionalMs >= _settings.ProvisionalIntervalMs && Interlocked.CompareExchange(ref _provisionalPending, 1, 0) == 0)
                {
                    // At most one provisional copy waits (a slow store skips some). Appends only ever write past
                    // _part1Length, so the job can share the array.
                    _lastProvisionalMs = endTimeMs;
                    Enqueue(new UploadJob(UploadJobKind.Part, 1, _part1, _part1Length, endTimeMs) { Provisional = true });
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
                Enqueue(new UploadJob(UploadJobKind.Part, 0, _current, _currentLength, _endMs), final: true);
            }
            if (!CutShort)
            {
                // A cut-short file keeps part 1 as uploaded when it filled (a spool exists only past part 1).
                var final = _part1.AsSpan(0, _part1Length).ToArray();
                foreach (var (offset, bytes) in _patches)
                {
                    bytes.CopyTo(final.AsSpan((int)offset));
                }
                Enqueue(new UploadJob(UploadJobKind.Part, 1, final, final.Length, _endMs), final: true);
            }
            Enqueue(new UploadJob(UploadJobKind.Complete, 0, [], 0, _endMs) { Width = width, Height = height }, final: true);
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
                    _jobs.Writer.TryWrite(new UploadJob(UploadJobKind.Part, 0, [], 0, endTimeMs) { Spooled = spooled });
                }
            }
            catch (IOException e)
            {
                Fail($"The recording could not be spooled to disk: {e.Message}");
            }
            _currentLength = 0; // the bytes are on disk (or dropped): the buffer is reused
            return;
        }
        Enqueue(new UploadJob(UploadJobKind.Part, 0, _current, _currentLength, endTimeMs));
        _current = Interlocked.Exchange(ref _spare, null) ?? [];
        _currentLength = 0;
    }

    /// <param name="final">The last jobs: their bytes are in memory already, so they do not count against the backlog.</param>
    private void Enqueue(UploadJob job, bool final = false)
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
}
