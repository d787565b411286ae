using System.Buffers;
using MyVid.Media.Recording.Rtp;
using MyVid.Media.Recording.WebM;
using MyVid.WebRtc.Rtp;

namespace MyVid.Media.Recording;

/// <summary>Which of the publisher's tracks a packet belongs to.</summary>
internal enum RecordingTrack
{
    Video,
    Audio,
}

/// <summary>What a <see cref="RecordingPipeline"/> records and how patiently it reorders.</summary>
internal sealed record RecordingPipelineSettings
{
    public bool HasVideo { get; init; } = true;

    public bool HasAudio { get; init; } = true;

    /// <summary>Only packets of this payload type are video (others, such as RTX or FEC, are ignored); null takes any.</summary>
    public byte? VideoPayloadType { get; init; }

    public byte? AudioPayloadType { get; init; }

    public int ReorderCapacity { get; init; } = 128;

    /// <summary>How long a missing packet is waited for: long enough for a NACK's retransmission (RTX, unwrapped by the SFU).</summary>
    public int ReorderWaitMs { get; init; } = 250;

    /// <summary>How long a frame waits for the other track's frames, to interleave blocks in time order.</summary>
    public int InterleaveWaitMs { get; init; } = 300;

    /// <summary>Audio kept while the first video keyframe is awaited; older audio is dropped.</summary>
    public int AudioPrerollMs { get; init; } = 2000;

    public WebmSettings Webm { get; init; } = new();
}

/// <summary>
/// RTP in, WebM out, on one thread with no clock of its own: per track a reorder buffer and a depacketizer, then a
/// timeline that maps RTP timestamps to the file's milliseconds, an interleaver that hands both tracks' frames to the
/// <see cref="WebmMuxer"/> in time order, and the muxer, created at the first video keyframe (its size goes in the header).
/// Packets are <see cref="HeldPacket"/>s whose buffers the pipeline gives back through <c>release</c> once read.
/// </summary>
internal sealed class RecordingPipeline
{
    private readonly RecordingPipelineSettings _settings;
    private readonly IWebmOutput _output;
    private readonly Action<byte[]> _release;
    private readonly RtpReorderBuffer _videoOrder;
    private readonly RtpReorderBuffer _audioOrder;
    private readonly Vp8Depacketizer _vp8 = new();
    private readonly Timeline _videoClock = new(90_000);
    private readonly Timeline _audioClock = new(48_000);
    private readonly Queue<PendingFrame> _videoQueue = new();
    private readonly Queue<PendingFrame> _audioQueue = new();
    private uint? _videoSsrc;
    private uint? _audioSsrc;
    private long _origin = long.MinValue;
    private long _newest = long.MinValue;
    private long _lastVideo = long.MinValue;
    private long _lastAudio = long.MinValue;
    private int _videoFrameMs = 33;
    private bool _finished;

    public RecordingPipeline(RecordingPipelineSettings settings, IWebmOutput output, Action<byte[]> release)
    {
        if (!settings.HasVideo && !settings.HasAudio)
        {
            throw new ArgumentException("Nothing to record: no video and no audio.", nameof(settings));
        }
        _settings = settings;
        _output = output;
        _release = release;
        _videoOrder = new RtpReorderBuffer(settings.ReorderCapacity, settings.ReorderWaitMs);
        _audioOrder = new RtpReorderBuffer(settings.ReorderCapacity, settings.ReorderWaitMs);
    }

    /// <summary>Null until the first video keyframe (or, without video, the first audio packet).</summary>
    public WebmMuxer? Muxer { get; private set; }

    /// <summary>True while the video waits for a keyframe: at the start and after a loss broke its chain.</summary>
    public bool KeyframeNeeded => _settings.HasVideo && !_finished && _vp8.WaitingForKeyframe;

    public long KeyframeRequests => _vp8.ChainBreaks + 1;

    public long VideoFramesDropped => _vp8.FramesDropped;

    public long PacketsLost => _videoOrder.Lost + _audioOrder.Lost;

    public long VideoFrames { get; private set; }

    public long AudioFrames { get; private set; }

    public int Width { get; private set; }

    public int Height { get; private set; }

    /// <summary>Bytes the pipeline holds besides the muxer's cluster: reorder buffers and interleaving queues.</summary>
    public long BufferedBytes { get; private set; }

    /// <summary>Takes one packet (its buffer now belongs to the pipeline) and moves whatever it completes into the file.</summary>
    public void Push(RecordingTrack track, HeldPacket packet)
    {
        if (_finished || !Accept(track, packet.Span, out var sequenceNumber))
        {
            _release(packet.Buffer);
            return;
        }
        var order = track == RecordingTrack.Video ? _videoOrder : _audioOrder;
        if (!order.Push(sequenceNumber, packet))
        {
            _release(packet.Buffer);
            return;
        }
        BufferedBytes += packet.Length;
        Drain(packet.ArrivalMs, flush: false);
    }

    /// <summary>Gives up on packets waited for too long; call when no packet came for a while.</summary>
    public void Tick(long nowMs)
    {
        if (!_finished)
        {
            Drain(nowMs, flush: false);
        }
    }

    /// <summary>The end of the stream: everything held goes into the file, then the muxer finishes it. False when nothing was recorded.</summary>
    public bool Finish()
    {
        if (_finished)
        {
            return Muxer is not null;
        }
        Drain(long.MaxValue, flush: true);
        if (Muxer is null && _audioQueue.Count > 0)
        {
            // Audio came, a video keyframe never did: an audio-only file rather than nothing.
            Start(withVideo: false);
        }
        Interleave(flush: true);
        _finished = true;
        Muxer?.Finish();
        return Muxer is not null;
    }

    private bool Accept(RecordingTrack track, ReadOnlySpan<byte> packet, out ushort sequenceNumber)
    {
        sequenceNumber = 0;
        if (!RtpHeader.TryParse(packet, out var header))
        {
            return false;
        }
        var (wanted, payloadType) = track == RecordingTrack.Video
            ? (_settings.HasVideo, _settings.VideoPayloadType)
            : (_settings.HasAudio, _settings.AudioPayloadType);
        if (!wanted || (payloadType is { } pt && header.PayloadType != pt))
        {
            return false;
        }
        // One SSRC per track: the first one seen (a publisher that restarts its encoder keeps its SSRC in WebRTC).
        ref var ssrc = ref track == RecordingTrack.Video ? ref _videoSsrc : ref _audioSsrc;
        ssrc ??= header.Ssrc;
        sequenceNumber = header.SequenceNumber;
        return ssrc == header.Ssrc;
    }

    private void Drain(long nowMs, bool flush)
    {
        HeldPacket packet;
        bool gap;
        while (flush ? _videoOrder.TryFlush(out packet, out gap) : _videoOrder.TryPop(nowMs, out packet, out gap))
        {
            BufferedBytes -= packet.Length;
            if (_vp8.Push(packet.Span, gap, out var frame))
            {
                OnVideo(frame, packet.ArrivalMs);
            }
            _release(packet.Buffer);
        }
        while (flush ? _audioOrder.TryFlush(out packet, out gap) : _audioOrder.TryPop(nowMs, out packet, out gap))
        {
            BufferedBytes -= packet.Length;
            OnAudio(packet);
            _release(packet.Buffer);
        }
        Interleave(flush: false);
    }

    private void OnVideo(Vp8Frame frame, long arrivalMs)
    {
        var time = _videoClock.ToMs(frame.Timestamp, arrivalMs);
        if (frame.IsKeyframe && frame.Width > 0)
        {
            Width = frame.Width;
            Height = frame.Height;
        }
        if (Muxer is null)
        {
            if (!frame.IsKeyframe)
            {
                return;
            }
            _origin = time;
            foreach (var audio in _audioQueue)
            {
                _origin = Math.Min(_origin, audio.TimeMs);
            }
            Start(withVideo: true);
        }
        Enqueue(_videoQueue, time, frame.IsKeyframe, frame.Data, durationMs: 0);
    }

    private void OnAudio(HeldPacket packet)
    {
        if (!RtpHeader.TryParse(packet.Span, out var header) || header.Payload.IsEmpty)
        {
            return;
        }
        var payload = header.Payload;
        var time = _audioClock.ToMs(_audioClock.Unwrap(header.Timestamp), packet.ArrivalMs);
        var durationMs = OpusPackets.Samples(payload) / 48;
        if (Muxer is null && !_settings.HasVideo)
        {
            _origin = time;
            Start(withVideo: false);
        }
        if (Muxer is null)
        {
            // Before the first keyframe: keep a little audio so the file starts with it.
            while (_audioQueue.TryPeek(out var oldest) && time - oldest.TimeMs > _settings.AudioPrerollMs)
            {
                Release(_audioQueue.Dequeue());
            }
        }
        Enqueue(_audioQueue, time, keyframe: true, payload, durationMs);
    }

    private void Start(bool withVideo)
    {
        if (_origin == long.MinValue)
        {
            _origin = _audioQueue.TryPeek(out var first) ? first.TimeMs : 0;
        }
        var webm = _settings.Webm with
        {
            HasVideo = withVideo,
            Width = Width,
            Height = Height,
            HasAudio = _settings.HasAudio,
        };
        Muxer = new WebmMuxer(webm, _output);
    }

    private void Enqueue(Queue<PendingFrame> queue, long wallMs, bool keyframe, ReadOnlySpan<byte> data, int durationMs)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, data.Length));
        data.CopyTo(buffer);
        queue.Enqueue(new PendingFrame(wallMs, keyframe, buffer, data.Length, durationMs));
        BufferedBytes += data.Length;
        _newest = Math.Max(_newest, wallMs);
    }

    /// <summary>Writes queued frames in time order; a frame waits for the other track's until <c>InterleaveWaitMs</c> passed.</summary>
    private void Interleave(bool flush)
    {
        if (Muxer is null)
        {
            return;
        }
        var hasVideo = Muxer.VideoTrack != 0;
        var hasAudio = Muxer.AudioTrack != 0;
        while (true)
        {
            var video = hasVideo && _videoQueue.TryPeek(out var v) ? v : (PendingFrame?)null;
            var audio = hasAudio && _audioQueue.TryPeek(out var a) ? a : (PendingFrame?)null;
            bool takeVideo;
            if (video is { } vf && audio is { } af)
            {
                takeVideo = vf.TimeMs <= af.TimeMs;
            }
            else if (video is { } only)
            {
                if (!(flush || !hasAudio || _newest - only.TimeMs > _settings.InterleaveWaitMs || _videoQueue.Count > 512))
                {
                    break;
                }
                takeVideo = true;
            }
            else if (audio is { } alone)
            {
                if (!(flush || !hasVideo || _newest - alone.TimeMs > _settings.InterleaveWaitMs || _audioQueue.Count > 512))
                {
                    break;
                }
                takeVideo = false;
            }
            else
            {
                break;
            }
            Write(takeVideo ? _videoQueue.Dequeue() : _audioQueue.Dequeue(), takeVideo);
        }
        if (!hasVideo)
        {
            while (_videoQueue.TryDequeue(out var dropped))
            {
                Release(dropped);
            }
        }
    }

    private void Write(PendingFrame frame, bool video)
    {
        var muxer = Muxer!;
        var time = frame.TimeMs - _origin;
        ref var last = ref video ? ref _lastVideo : ref _lastAudio;
        if (time >= 0)
        {
            // Strictly increasing per track, video by more than the track's declared resolution (WebmMuxer's
            // DefaultDuration): tools reject two frames of a track at one time.
            time = last == long.MinValue ? time : Math.Max(time, last + (video ? 2 : 1));
            if (video)
            {
                if (last != long.MinValue && time > last)
                {
                    _videoFrameMs = (int)Math.Min(1000, time - last);
                }
                muxer.WriteVideo(time, frame.Keyframe, frame.Data, _videoFrameMs);
                VideoFrames++;
            }
            else
            {
                muxer.WriteAudio(time, frame.Data, frame.DurationMs);
                AudioFrames++;
            }
            last = time;
        }
        Release(frame);
    }

    private void Release(PendingFrame frame)
    {
        BufferedBytes -= frame.Length;
        ArrayPool<byte>.Shared.Return(frame.Buffer);
    }

    private readonly record struct PendingFrame(long TimeMs, bool Keyframe, byte[] Buffer, int Length, int DurationMs)
    {
        public ReadOnlySpan<byte> Data => Buffer.AsSpan(0, Length);
    }

    /// <summary>
    /// One track's RTP clock against arrival time: its first frame's arrival anchors it, later frames follow their RTP
    /// timestamps, so network jitter after the first frame does not move blocks.
    /// </summary>
    private sealed class Timeline(int clockRate)
    {
        private TimestampUnwrapper _unwrapper;
        private long _anchorTimestamp = long.MinValue;
        private long _anchorMs;

        public long Unwrap(uint timestamp) => _unwrapper.Unwrap(timestamp);

        public long ToMs(long timestamp, long arrivalMs)
        {
            if (_anchorTimestamp == long.MinValue)
            {
                _anchorTimestamp = timestamp;
                _anchorMs = arrivalMs;
            }
            return _anchorMs + (long)Math.Round((timestamp - _anchorTimestamp) * 1000.0 / clockRate);
        }
    }
}
