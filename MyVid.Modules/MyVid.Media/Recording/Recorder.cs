using System.Buffers;
using System.Threading.Channels;
using MyVid.Media.Recording.Rtp;
using MyVid.Media.Recording.Storage;
using MyVid.Media.Recording.WebM;
using MyVid.Platform.Storage;

namespace MyVid.Media.Recording;

/// <summary>Where a recording stands.</summary>
internal enum RecorderState
{
    Recording,
    Completing,
    Completed,

    /// <summary>The recording stopped (store down too long, or the recorder fell behind); the stream is unaffected.</summary>
    Failed,
    Aborted,
}

/// <summary>A finished recording: the object, how long it plays, and whether it is shorter than the stream.</summary>
internal sealed record RecordingResult(string Key, long Length, TimeSpan Duration, int Width, int Height, bool CutShort, RecordingManifest Manifest);

/// <summary>Counters for the stream's page and the benchmark.</summary>
internal sealed record RecorderStatus(RecorderState State, string? Failure, long PacketsLost, long VideoFramesDropped, long VideoFrames,
    long AudioFrames, long BytesWritten, int PartsUploaded, long HeldBytes, long PeakHeldBytes, bool Storing, long SpooledBytes, long PeakSpooledBytes);

/// <summary>
/// Records one published stream into the object store while it is live, without re-encoding: the SFU hands it each
/// RTP packet it receives from the publisher (<see cref="OnRtp"/>, which copies the packet into a bounded queue and
/// never blocks), asks it whether to send the publisher a PLI (<see cref="TakeKeyframeRequest"/>), and at the end calls
/// <see cref="CompleteAsync"/> (or <see cref="AbortAsync"/>). A task of its own reorders, depacketizes and muxes; another
/// uploads 5 MiB parts. Failures of the store are retried and reported; a recording that cannot keep up fails alone.
/// It takes packets from the start: the upload starts in the background, retried until the store answers, and what
/// is muxed meanwhile waits in a bounded spool on disk (<see cref="RecorderOptions.SpoolFolder"/>).
/// </summary>
internal sealed class Recorder : IAsyncDisposable
{
    private const long KeyframeRequestIntervalMs = 1000;

    private readonly RecorderOptions _options;
    private readonly IObjectStore _store;
    private readonly Channel<Item> _packets;
    private readonly MultipartRecordingSink _sink;
    private readonly RecordingPipeline _pipeline;
    private readonly Task _worker;
    private long? _lastKeyframeRequestMs;
    private int _keyframeRequested;
    private volatile RecorderState _state = RecorderState.Recording;
    private volatile string? _failure;

    private Recorder(IObjectStore store, RecorderOptions options, RecordingManifest manifest)
    {
        _store = store;
        _options = options;
        _packets = Channel.CreateBounded<Item>(new BoundedChannelOptions(options.MaxQueuedPackets) { SingleReader = true });
        _sink = new MultipartRecordingSink(store, manifest, options.VideoCodec.ContentType(), new SinkSettings
        {
            PartSize = options.PartSize,
            MaxBacklogBytes = options.MaxUploadBacklogBytes,
            ProvisionalIntervalMs = (long)options.ProvisionalInterval.TotalMilliseconds,
            RetryFor = options.RetryFor,
            MaxRetryDelay = options.MaxRetryDelay,
            SpoolFolder = options.SpoolFolder,
            MaxSpoolBytes = options.MaxSpoolBytes,
        }, OnSinkProblem, options.OnStarted);
        _pipeline = new RecordingPipeline(new RecordingPipelineSettings
        {
            HasVideo = options.HasVideo,
            HasAudio = options.HasAudio,
            VideoCodec = options.VideoCodec,
            VideoPayloadType = options.VideoPayloadType,
            AudioPayloadType = options.AudioPayloadType,
            Webm = new WebmSettings { Title = options.Title, StartedAt = manifest.StartedAt },
        }, _sink, buffer => ArrayPool<byte>.Shared.Return(buffer));
        _worker = Task.Run(WorkAsync);
    }

    public RecordingManifest Manifest => _sink.Manifest;

    public RecorderState State => _state;

    /// <summary>The store answered the upload's start: what is recorded is being stored (until then it waits in the spool).</summary>
    public bool Storing => _sink.Started;

    /// <summary>Packets waiting for the recorder's task.</summary>
    public int QueuedPackets => _packets.Reader.Count;

    /// <summary>
    /// A recorder that takes packets at once; the multipart upload starts (and the manifest is written) in the background,
    /// retried until the store answers (<see cref="RecorderOptions.OnStarted"/>).
    /// </summary>
    public static Recorder Start(IObjectStore store, RecorderOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        if (options.PartSize < SinkSettings.MinPartSize && !options.AllowSmallParts)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Parts must be at least 5 MiB (S3's minimum).");
        }
        if (!ObjectKey.IsSafe(options.Key) || !ObjectKey.IsSafe(RecordingManifest.KeyFor(options.Key)))
        {
            throw new ArgumentException($"'{options.Key}' is not a valid object key.", nameof(options));
        }
        var manifest = new RecordingManifest
        {
            Bucket = options.Bucket,
            Key = options.Key,
            UploadId = "",
            StartedAt = now,
            Title = options.Title,
            VideoId = options.VideoId,
            Node = options.Node,
            State = RecordingManifestState.Recording,
        };
        return new Recorder(store, options, manifest);
    }

    /// <summary>
    /// One RTP packet from the publisher (already SRTP-decrypted), with the time it arrived. Copies it and returns at once;
    /// false when the recorder no longer records (failed, completing). A full queue fails the recording, not the caller.
    /// </summary>
    public bool OnRtp(RecordingTrack track, ReadOnlySpan<byte> packet, DateTimeOffset now)
    {
        if (_state != RecorderState.Recording || packet.Length < 12)
        {
            return false;
        }
        var buffer = ArrayPool<byte>.Shared.Rent(packet.Length);
        packet.CopyTo(buffer);
        if (_packets.Writer.TryWrite(new Item(track, buffer, packet.Length, now.ToUnixTimeMilliseconds())))
        {
            return true;
        }
        ArrayPool<byte>.Shared.Return(buffer);
        if (_state == RecorderState.Recording)
        {
            Fail($"The recorder fell behind: {_options.MaxQueuedPackets} packets were waiting.");
        }
        return false;
    }

    /// <summary>True once per request: the recording needs a video keyframe, send the publisher a PLI.</summary>
    public bool TakeKeyframeRequest() => Interlocked.Exchange(ref _keyframeRequested, 0) == 1;

    public RecorderStatus GetStatus() => new(_state, _failure ?? _sink.Failure, _pipeline.PacketsLost, _pipeline.VideoFramesDropped,
        _pipeline.VideoFrames, _pipeline.AudioFrames, _sink.Length, _sink.PartsUploaded, _sink.HeldBytes + _pipeline.BufferedBytes
        + (_pipeline.Muxer?.BufferedBytes ?? 0), _sink.PeakHeldBytes, _sink.Started, _sink.SpooledBytes, _sink.PeakSpooledBytes);

    /// <summary>
    /// The stream ended: finishes the file (Cues, Duration) and completes the upload. A recording that failed is completed
    /// from what was stored, cut short. Null when nothing was recorded (the upload and manifest are dropped). The
    /// manifest stays (state Completed or Recovered) until the catalogue has the video: then delete it.
    /// </summary>
    public async Task<RecordingResult?> CompleteAsync(CancellationToken cancellationToken)
    {
        if (_state == RecorderState.Recording)
        {
            _state = RecorderState.Completing;
        }
        _packets.Writer.TryComplete();
        await _worker.WaitAsync(cancellationToken);
        if (_state == RecorderState.Completing && _failure is null && _sink.Failure is null)
        {
            if (_pipeline.Muxer is null)
            {
                await _sink.AbortAsync(cancellationToken);
                _state = RecorderState.Aborted;
                return null;
            }
            try
            {
                var manifest = await _sink.CompleteAsync(_pipeline.Width, _pipeline.Height, cancellationToken);
                _state = RecorderState.Completed;
                return new RecordingResult(manifest.Key, manifest.Length, TimeSpan.FromMilliseconds(manifest.DurationMs), manifest.Width,
                    manifest.Height, CutShort: manifest.State == RecordingManifestState.Recovered, manifest);
            }
            catch (RecordingFailedException e)
            {
                Fail(e.Message);
            }
        }
        // Failed: keep what the store has (nothing if the upload never started).
        await _sink.StopAsync();
        if (!_sink.Started)
        {
            await _sink.AbortAsync(cancellationToken);
            return null;
        }
        var recovery = await RecordingRecovery.CompleteAsync(_store, _sink.Manifest, cancellationToken);
        if (recovery.Outcome == RecoveryOutcome.Empty)
        {
            await RecordingManifest.DeleteAsync(_store, _options.Bucket, _options.Key, cancellationToken);
            return null;
        }
        var m = recovery.Manifest with { Width = _pipeline.Width, Height = _pipeline.Height };
        return new RecordingResult(m.Key, m.Length, TimeSpan.FromMilliseconds(m.DurationMs), m.Width, m.Height,
            CutShort: recovery.Outcome == RecoveryOutcome.CutShort, m);
    }

    /// <summary>Drops the recording: the upload and the manifest are deleted.</summary>
    public async Task AbortAsync(CancellationToken cancellationToken)
    {
        _state = RecorderState.Aborted;
        _packets.Writer.TryComplete();
        await _worker.WaitAsync(cancellationToken);
        await _sink.AbortAsync(cancellationToken);
    }

    /// <summary>Stops everything and leaves the store exactly as it is, as a crash of the node would.</summary>
    internal async Task AbandonAsync()
    {
        _state = RecorderState.Aborted;
        _packets.Writer.TryComplete();
        await _worker;
        await _sink.StopAsync();
    }

    /// <summary>Waits until every part cut so far is stored (tests).</summary>
    internal async Task WaitForUploadsAsync(CancellationToken cancellationToken)
    {
        while ((_packets.Reader.Count > 0 || _sink.Backlog > 0) && _sink.Failure is null && _failure is null)
        {
            await Task.Delay(20, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_state is RecorderState.Recording or RecorderState.Completing)
        {
            await AbortAsync(CancellationToken.None);
        }
        _sink.Dispose();
    }

    private async Task WorkAsync()
    {
        await foreach (var item in _packets.Reader.ReadAllAsync())
        {
            if (_state is RecorderState.Failed or RecorderState.Aborted)
            {
                ArrayPool<byte>.Shared.Return(item.Buffer);
                continue;
            }
            try
            {
                _pipeline.Push(item.Track, new HeldPacket(item.Buffer, item.Length, item.ArrivalMs));
                if (_pipeline.KeyframeNeeded && (_lastKeyframeRequestMs is not { } last || item.ArrivalMs - last >= KeyframeRequestIntervalMs))
                {
                    _lastKeyframeRequestMs = item.ArrivalMs;
                    Interlocked.Exchange(ref _keyframeRequested, 1);
                    _options.OnKeyframeNeeded?.Invoke();
                }
                if (_sink.Failure is { } failure)
                {
                    Fail(failure);
                }
            }
#pragma warning disable CA1031 // A bug in the recorder must fail the recording, never the stream.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Fail($"The recorder failed: {e.Message}");
            }
        }
        if (_state == RecorderState.Completing)
        {
            try
            {
                _pipeline.Finish();
            }
#pragma warning disable CA1031
            catch (Exception e)
#pragma warning restore CA1031
            {
                Fail($"The recorder failed finishing the file: {e.Message}");
            }
        }
    }

    private void Fail(string reason)
    {
        if (_failure is not null)
        {
            return;
        }
        _failure = reason;
        _state = RecorderState.Failed;
        _sink.Fail(reason);
    }

    private void OnSinkProblem(RecordingProblem problem)
    {
        if (problem.IsFatal)
        {
            _failure ??= problem.Message;
            _state = RecorderState.Failed;
        }
        _options.OnProblem?.Invoke(problem);
    }

    private readonly record struct Item(RecordingTrack Track, byte[] Buffer, int Length, long ArrivalMs);
}
