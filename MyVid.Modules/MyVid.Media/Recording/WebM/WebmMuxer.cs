using System.Buffers.Binary;

namespace MyVid.Media.Recording.WebM;

/// <summary>One entry of the Cues: a cluster that starts with a keyframe of <see cref="Track"/>.</summary>
internal readonly record struct WebmCue(long TimeMs, int Track, long ClusterPosition);

/// <summary>
/// A streaming WebM (Matroska) muxer for VP8 or H.264 (then the file is Matroska) and Opus without lacing: the header goes out first with an unknown Segment
/// size and placeholders (Void elements of the same size) for Duration and for the Cues' seek entry; each cluster is
/// built in memory and appended whole; <see cref="Finish"/> appends the Cues and patches the header in place.
/// Times are milliseconds from the file's start (TimestampScale 1 ms), non-decreasing across calls.
/// </summary>
internal sealed class WebmMuxer
{
    private const int SeekEntryLength = 28;
    private const int DurationLength = 11;
    private const ulong NanosecondsPerMillisecond = 1_000_000;
    private const ulong VideoTimeResolutionNs = 1_001_000;

    private readonly WebmSettings _settings;
    private readonly IWebmOutput _output;
    private readonly EbmlWriter _cluster = new(64 * 1024);
    private readonly List<WebmCue> _cues = [];
    private readonly int _segmentSizeOffset;
    private readonly int _segmentStart;
    private readonly int _cuesSeekOffset;
    private readonly int _durationOffset;
    private int _clusterContent = -1;
    private long _clusterTime;
    private int _clusterBlocks;
    private bool _clusterStartsWithKeyframe;
    private long _lastTime;
    private long _endTime;
    private bool _finished;

    public WebmMuxer(WebmSettings settings, IWebmOutput output)
    {
        if (!settings.HasVideo && !settings.HasAudio)
        {
            throw new ArgumentException("A WebM file needs a video or an audio track.", nameof(settings));
        }
        _settings = settings;
        _output = output;
        VideoTrack = settings.HasVideo ? 1 : 0;
        AudioTrack = settings.HasAudio ? VideoTrack + 1 : 0;

        var w = new EbmlWriter(1024);
        var ebml = w.BeginMaster(WebmIds.Ebml);
        w.WriteUnsigned(WebmIds.EbmlVersion, 1);
        w.WriteUnsigned(WebmIds.EbmlReadVersion, 1);
        w.WriteUnsigned(WebmIds.EbmlMaxIdLength, 4);
        w.WriteUnsigned(WebmIds.EbmlMaxSizeLength, 8);
        var h264 = settings.VideoCodec == RecordedVideoCodec.H264;
        w.WriteString(WebmIds.DocType, h264 ? "matroska" : "webm");
        w.WriteUnsigned(WebmIds.DocTypeVersion, 4);
        w.WriteUnsigned(WebmIds.DocTypeReadVersion, 2);
        w.EndMaster(ebml);

        w.WriteId(WebmIds.Segment);
        _segmentSizeOffset = w.Length;
        w.WriteSize(EbmlWriter.UnknownSize, 8);
        _segmentStart = w.Length;

        var seekHead = w.BeginMaster(WebmIds.SeekHead);
        var infoSeek = WriteSeek(w, WebmIds.Info);
        var tracksSeek = WriteSeek(w, WebmIds.Tracks);
        _cuesSeekOffset = w.Length;
        w.WriteVoid(SeekEntryLength);
        w.EndMaster(seekHead);

        BinaryPrimitives.WriteUInt64BigEndian(w.WrittenSpan[infoSeek..], (ulong)(w.Length - _segmentStart));
        var info = w.BeginMaster(WebmIds.Info);
        w.WriteUnsigned(WebmIds.TimestampScale, NanosecondsPerMillisecond);
        _durationOffset = w.Length;
        w.WriteVoid(DurationLength);
        if (settings.StartedAt is { } started)
        {
            // Nanoseconds since 2001-01-01T00:00:00 UTC.
            var since = started - new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero);
            w.WriteSigned(WebmIds.DateUtc, since.Ticks * 100);
        }
        w.WriteString(WebmIds.MuxingApp, settings.App);
        w.WriteString(WebmIds.WritingApp, settings.App);
        if (!string.IsNullOrEmpty(settings.Title))
        {
            w.WriteString(WebmIds.Title, settings.Title);
        }
        w.EndMaster(info);

        BinaryPrimitives.WriteUInt64BigEndian(w.WrittenSpan[tracksSeek..], (ulong)(w.Length - _segmentStart));
        var tracks = w.BeginMaster(WebmIds.Tracks);
        if (settings.HasVideo)
        {
            var entry = w.BeginMaster(WebmIds.TrackEntry);
            w.WriteUnsigned(WebmIds.TrackNumber, (ulong)VideoTrack);
            w.WriteUnsigned(WebmIds.TrackUid, (ulong)VideoTrack);
            w.WriteUnsigned(WebmIds.TrackType, 1);
            w.WriteUnsigned(WebmIds.FlagLacing, 0);
            w.WriteString(WebmIds.CodecId, h264 ? "V_MPEG4/ISO/AVC" : "V_VP8");
            if (h264)
            {
                w.WriteBinary(WebmIds.CodecPrivate, settings.VideoCodecPrivate
                    ?? throw new ArgumentException("H.264 needs its AVCDecoderConfigurationRecord.", nameof(settings)));
            }
            // WebRTC video has a variable frame rate. Without this, ffmpeg guesses a frame rate from the first frames and
            // times its output in that unit, so later frames closer together than the guess collide ("non monotonically
            // increasing dts"). Blocks carry their own times; this only says how fine they can be (~1 ms: 999 fps).
            w.WriteUnsigned(WebmIds.DefaultDuration, VideoTimeResolutionNs);
            var video = w.BeginMaster(WebmIds.Video);
            w.WriteUnsigned(WebmIds.PixelWidth, (ulong)settings.Width);
            w.WriteUnsigned(WebmIds.PixelHeight, (ulong)settings.Height);
            w.EndMaster(video);
            w.EndMaster(entry);
        }
        if (settings.HasAudio)
        {
            var entry = w.BeginMaster(WebmIds.TrackEntry);
            w.WriteUnsigned(WebmIds.TrackNumber, (ulong)AudioTrack);
            w.WriteUnsigned(WebmIds.TrackUid, (ulong)AudioTrack);
            w.WriteUnsigned(WebmIds.TrackType, 2);
            w.WriteUnsigned(WebmIds.FlagLacing, 0);
            w.WriteString(WebmIds.CodecId, "A_OPUS");
            w.WriteBinary(WebmIds.CodecPrivate, OpusHead(settings.AudioChannels, settings.OpusPreSkip));
            w.WriteUnsigned(WebmIds.CodecDelay, (ulong)settings.OpusPreSkip * 1_000_000_000UL / 48_000);
            w.WriteUnsigned(WebmIds.SeekPreRoll, 80 * NanosecondsPerMillisecond);
            var audio = w.BeginMaster(WebmIds.Audio);
            w.WriteFloat(WebmIds.SamplingFrequency, 48_000);
            w.WriteUnsigned(WebmIds.Channels, (ulong)settings.AudioChannels);
            w.EndMaster(audio);
            w.EndMaster(entry);
        }
        w.EndMaster(tracks);

        HeaderLength = w.Length;
        BytesWritten = w.Length;
        _output.Append(w.Written, WebmChunk.Header, 0);
    }

    /// <summary>The video track's number, 0 without video.</summary>
    public int VideoTrack { get; }

    /// <summary>The audio track's number, 0 without audio.</summary>
    public int AudioTrack { get; }

    public int HeaderLength { get; }

    public long BytesWritten { get; private set; }

    /// <summary>The last block's time, of either track: a later block is never written before it.</summary>
    public long LastTimeMs => _lastTime;

    /// <summary>Where the file ends in time: the last block's time plus its duration.</summary>
    public long DurationMs => _endTime;

    public IReadOnlyList<WebmCue> Cues => _cues;

    /// <summary>Bytes held for the open cluster.</summary>
    public int BufferedBytes => _cluster.Length;

    public void WriteVideo(long timeMs, bool keyframe, ReadOnlySpan<byte> frame, int durationMs = 0) =>
        WriteBlock(VideoTrack, timeMs, keyframe, frame, durationMs);

    public void WriteAudio(long timeMs, ReadOnlySpan<byte> packet, int durationMs = 20) =>
        WriteBlock(AudioTrack, timeMs, keyframe: true, packet, durationMs);

    /// <summary>Closes the last cluster, appends the Cues and patches Duration, the Cues' seek entry and the Segment size.</summary>
    public void Finish()
    {
        if (_finished)
        {
            return;
        }
        _finished = true;
        CloseCluster();
        if (_cues.Count > 0)
        {
            var cuesPosition = BytesWritten - _segmentStart;
            var w = new EbmlWriter(_cues.Count * 32);
            var cues = w.BeginMaster(WebmIds.Cues);
            foreach (var cue in _cues)
            {
                var point = w.BeginMaster(WebmIds.CuePoint);
                w.WriteUnsigned(WebmIds.CueTime, (ulong)cue.TimeMs);
                var positions = w.BeginMaster(WebmIds.CueTrackPositions);
                w.WriteUnsigned(WebmIds.CueTrack, (ulong)cue.Track);
                w.WriteUnsigned(WebmIds.CueClusterPosition, (ulong)cue.ClusterPosition);
                w.EndMaster(positions);
                w.EndMaster(point);
            }
            w.EndMaster(cues);
            _output.Append(w.Written, WebmChunk.Cues, _endTime);
            BytesWritten += w.Length;

            var seek = new EbmlWriter(SeekEntryLength);
            var at = WriteSeek(seek, WebmIds.Cues);
            BinaryPrimitives.WriteUInt64BigEndian(seek.WrittenSpan[at..], (ulong)cuesPosition);
            _output.Patch(_cuesSeekOffset, seek.Written);
        }

        var duration = new EbmlWriter(DurationLength);
        duration.WriteFloat(WebmIds.Duration, _endTime);
        _output.Patch(_durationOffset, duration.Written);

        Span<byte> size = stackalloc byte[8];
        EbmlWriter.EncodeSize(size, BytesWritten - _segmentStart, 8);
        _output.Patch(_segmentSizeOffset, size);
    }

    private void WriteBlock(int track, long timeMs, bool keyframe, ReadOnlySpan<byte> frame, int durationMs)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        if (track == 0)
        {
            throw new InvalidOperationException("This file has no such track.");
        }
        // Blocks never go back in time: the cluster's relative timestamps are signed but players expect order.
        timeMs = Math.Max(timeMs, _lastTime);
        var startsCluster = _clusterContent < 0
            || (track == VideoTrack && keyframe && _clusterBlocks > 0)
            || timeMs - _clusterTime > Math.Min(_settings.ClusterMaxMs, short.MaxValue)
            || _cluster.Length + frame.Length > _settings.ClusterMaxBytes;
        if (startsCluster)
        {
            CloseCluster();
            _cluster.Clear();
            _clusterContent = _cluster.BeginMaster(WebmIds.Cluster);
            _cluster.WriteUnsigned(WebmIds.Timestamp, (ulong)timeMs);
            _clusterTime = timeMs;
            _clusterBlocks = 0;
            var cueTrack = _settings.HasVideo ? VideoTrack : AudioTrack;
            _clusterStartsWithKeyframe = track == cueTrack && keyframe;
            if (_clusterStartsWithKeyframe)
            {
                _cues.Add(new WebmCue(timeMs, track, BytesWritten - _segmentStart));
            }
        }

        var relative = (short)(timeMs - _clusterTime);
        _cluster.WriteId(WebmIds.SimpleBlock);
        _cluster.WriteSize(4 + frame.Length);
        _cluster.WriteByte((byte)(0x80 | track));
        _cluster.WriteByte((byte)(relative >> 8));
        _cluster.WriteByte((byte)relative);
        _cluster.WriteByte(keyframe ? (byte)0x80 : (byte)0x00);
        _cluster.WriteRaw(frame);
        _clusterBlocks++;
        _lastTime = timeMs;
        _endTime = Math.Max(_endTime, timeMs + Math.Max(0, durationMs));
    }

    private void CloseCluster()
    {
        if (_clusterContent < 0)
        {
            return;
        }
        _cluster.EndMaster(_clusterContent);
        _output.Append(_cluster.Written, _clusterStartsWithKeyframe ? WebmChunk.KeyframeCluster : WebmChunk.Cluster, _endTime);
        BytesWritten += _cluster.Length;
        _clusterContent = -1;
        _cluster.Clear();
    }

    /// <summary>A Seek entry pointing to <paramref name="id"/>; gives the offset of its 8-byte position to fill in.</summary>
    private static int WriteSeek(EbmlWriter w, uint id)
    {
        var seek = w.BeginMaster(WebmIds.Seek);
        Span<byte> idBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(idBytes, id);
        w.WriteBinary(WebmIds.SeekId, idBytes[(4 - EbmlWriter.IdLength(id))..]);
        w.WriteUnsignedFixed(WebmIds.SeekPosition, 0);
        var position = w.Length - 8;
        w.EndMaster(seek);
        return position;
    }

    /// <summary>The Opus identification header (RFC 7845 §5.1) Matroska carries as CodecPrivate.</summary>
    internal static byte[] OpusHead(int channels, int preSkip)
    {
        var head = new byte[19];
        "OpusHead"u8.CopyTo(head);
        head[8] = 1;
        head[9] = (byte)channels;
        BinaryPrimitives.WriteUInt16LittleEndian(head.AsSpan(10), (ushort)preSkip);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(12), 48_000);
        return head;
    }
}
