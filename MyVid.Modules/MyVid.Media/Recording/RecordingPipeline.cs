using MyVid.Media.Recording.Rtp;
using MyVid.Media.Recording.WebM;
using MyVid.WebRtc.Rtp;

namespace MyVid.Media.Recording;

/// <summary>
/// RTP in, WebM (or, for H.264, Matroska) out, on one thread with no clock of its own: per track a reorder buffer and a depacketizer, then a
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
    private readonly IVideoDepacketizer _video;
    private readonly TrackTimeline _videoClock = new(90_000);
    private readonly TrackTimeline _audioClock = new(48_000);
    private readonly FrameInterleaver _interleaver;
    private uint? _videoSsrc;
    private uint? _audioSsrc;
    private long _origin = long.MinValue;
    private long _heldPacketBytes;
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
        _interleaver = new FrameInterleaver(settings.InterleaveWaitMs);
        _video = settings.VideoCodec == RecordedVideoCodec.H264 ? new H264Depacketizer() : new Vp8Depacketizer();
    }

    /// <summary>Null until the first video keyframe (or, without video, the first audio packet).</summary>
    public WebmMuxer? Muxer { get; private set; }

    /// <summary>True while the video waits for a keyframe: at the start and after a loss broke its chain.</summary>
    public bool KeyframeNeeded => _settings.HasVideo && !_finished && _video.WaitingForKeyframe;

    public long KeyframeRequests => _video.ChainBreaks + 1;

    public long VideoFramesDropped => _video.FramesDropped;

    public long PacketsLost => _videoOrder.Lost + _audioOrder.Lost;

    public long VideoFrames => _interleaver.VideoFrames;

    public long AudioFrames => _interleaver.AudioFrames;

    public int Width { get; private set; }

    public int Height { get; private set; }

    /// <summary>Bytes the pipeline holds besides the muxer's cluster: reorder buffers and interleaving queues.</summary>
    public long BufferedBytes => _heldPacketBytes + _interleaver.BufferedBytes;

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
        _heldPacketBytes += packet.Length;
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
        if (Muxer is null && _interleaver.HasAudio)
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
            _heldPacketBytes -= packet.Length;
            if (_video.Push(packet.Span, gap, out var frame))
            {
                OnVideo(frame, packet.ArrivalMs);
            }
            _release(packet.Buffer);
        }
        while (flush ? _audioOrder.TryFlush(out packet, out gap) : _audioOrder.TryPop(nowMs, out packet, out gap))
        {
            _heldPacketBytes -= packet.Length;
            OnAudio(packet);
            _release(packet.Buffer);
        }
        Interleave(flush: false);
    }

    private void OnVideo(VideoFrame frame, long arrivalMs)
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
            _origin = Math.Min(time, _interleaver.EarliestAudioMs() ?? time);
            Start(withVideo: true);
        }
        _interleaver.EnqueueVideo(time, frame.IsKeyframe, frame.Data);
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
            _interleaver.DropAudioBefore(time - _settings.AudioPrerollMs);
        }
        _interleaver.EnqueueAudio(time, payload, durationMs);
    }

    private void Start(bool withVideo)
    {
        if (_origin == long.MinValue)
        {
            _origin = _interleaver.EarliestAudioMs() ?? 0;
        }
        var webm = _settings.Webm with
        {
            HasVideo = withVideo,
            VideoCodec = _settings.VideoCodec,
            VideoCodecPrivate = (_video as H264Depacketizer)?.DecoderConfiguration(),
            Width = Width,
            Height = Height,
            HasAudio = _settings.HasAudio,
        };
        Muxer = new WebmMuxer(webm, _output);
    }

    private void Interleave(bool flush)
    {
        if (Muxer is not null)
        {
            _interleaver.Drain(Muxer, _origin, flush);
        }
    }
}
