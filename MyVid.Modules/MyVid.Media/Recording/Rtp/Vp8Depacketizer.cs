using MyVid.WebRtc.Rtp;

namespace MyVid.Media.Recording.Rtp;

/// <summary>
/// Assembles VP8 frames from RTP packets given in sequence order (after <see cref="RtpReorderBuffer"/>). A frame is
/// complete at the packet with the marker bit; a frame touched by a gap is dropped, and so is every later frame until
/// a keyframe (<see cref="WaitingForKeyframe"/>), so no frame that references a missing one reaches the file. The picture
/// ID tells when a gap took no whole frame, and a lost non-reference frame (N bit) does not break the chain.
/// </summary>
internal sealed class Vp8Depacketizer(int maxFrameBytes = 4 * 1024 * 1024) : IVideoDepacketizer
{
    private byte[] _frame = new byte[64 * 1024];
    private int _length;
    private bool _inFrame;
    private long _frameTimestamp;
    private bool _frameKey;
    private bool _frameNonReference;
    private int _framePictureId = Vp8PayloadDescriptor.Absent;
    private int _frameWidth;
    private int _frameHeight;
    private int _lastPictureId = Vp8PayloadDescriptor.Absent;
    private bool _skipping;
    private long _skipTimestamp;
    private TimestampUnwrapper _timestamps;

    /// <summary>True until the first keyframe and after any loss that broke the chain of references: send a PLI.</summary>
    public bool WaitingForKeyframe { get; private set; } = true;

    /// <summary>How often the chain broke (each is one reason to ask for a keyframe).</summary>
    public long ChainBreaks { get; private set; }

    public long FramesDropped { get; private set; }

    /// <summary>Feeds the next packet in order; <paramref name="gapBefore"/> when packets were lost before it.</summary>
    public bool Push(ReadOnlySpan<byte> packet, bool gapBefore, out VideoFrame frame)
    {
        frame = default;
        if (!RtpHeader.TryParse(packet, out var header))
        {
            BreakChain(dropCurrent: true);
            return false;
        }
        var payload = header.Payload;
        if (payload.IsEmpty)
        {
            // Padding only (bandwidth probing): it holds a sequence number but no media.
            if (gapBefore)
            {
                OnGap(startsFrame: false, pictureId: Vp8PayloadDescriptor.Absent);
            }
            return false;
        }
        if (!Vp8PayloadDescriptor.TryParse(payload, out var descriptor))
        {
            BreakChain(dropCurrent: true);
            return false;
        }
        var timestamp = _timestamps.Unwrap(header.Timestamp);
        var startsFrame = descriptor.IsPartitionStart && descriptor.PartitionIndex == 0;

        if (gapBefore)
        {
            OnGap(startsFrame, descriptor.PictureId);
        }
        if (_skipping)
        {
            if (timestamp == _skipTimestamp && !startsFrame)
            {
                // The rest of a frame whose start was lost.
                if (header.Marker)
                {
                    _skipping = false;
                }
                return false;
            }
            _skipping = false;
        }
        if (_inFrame && (timestamp != _frameTimestamp || startsFrame))
        {
            // A frame that never saw its marker: incomplete, whatever the sender meant.
            DropCurrent();
        }
        if (!_inFrame)
        {
            if (!startsFrame)
            {
                // The middle of a frame we did not see start (we joined mid-frame, or after DropCurrent).
                _skipping = !header.Marker;
                _skipTimestamp = timestamp;
                return false;
            }
            _inFrame = true;
            _length = 0;
            _frameTimestamp = timestamp;
            _frameKey = descriptor.IsKeyframe;
            _frameNonReference = descriptor.IsNonReference;
            _framePictureId = descriptor.PictureId;
            _frameWidth = descriptor.Width;
            _frameHeight = descriptor.Height;
        }

        var data = payload[descriptor.Length..];
        if (_length + data.Length > maxFrameBytes)
        {
            DropCurrent();
            _skipping = !header.Marker;
            _skipTimestamp = timestamp;
            return false;
        }
        if (_length + data.Length > _frame.Length)
        {
            Array.Resize(ref _frame, Math.Min(maxFrameBytes, Math.Max(_frame.Length * 2, _length + data.Length)));
        }
        data.CopyTo(_frame.AsSpan(_length));
        _length += data.Length;

        if (!header.Marker)
        {
            return false;
        }
        _inFrame = false;
        _lastPictureId = _framePictureId;
        if (WaitingForKeyframe && !_frameKey)
        {
            FramesDropped++;
            return false;
        }
        if (_frameKey)
        {
            WaitingForKeyframe = false;
        }
        frame = new VideoFrame(_frameTimestamp, _frameKey, _frameWidth, _frameHeight, _frame.AsSpan(0, _length));
        return true;
    }

    private void OnGap(bool startsFrame, int pictureId)
    {
        if (_inFrame)
        {
            // The lost packets may have been this frame's end.
            DropCurrent();
        }
        if (!startsFrame)
        {
            // This packet's frame lost its start (the packet itself is skipped below).
            BreakChain(dropCurrent: false);
            return;
        }
        // A frame starts right after the gap: were whole frames lost? Only the picture ID can tell.
        var lostNone = pictureId != Vp8PayloadDescriptor.Absent && _lastPictureId != Vp8PayloadDescriptor.Absent
            && Follows(pictureId, _lastPictureId);
        if (!lostNone)
        {
            BreakChain(dropCurrent: false);
        }
    }

    private void DropCurrent()
    {
        if (!_inFrame)
        {
            return;
        }
        _inFrame = false;
        _lastPictureId = _framePictureId;
        FramesDropped++;
        if (!_frameNonReference)
        {
            BreakChain(dropCurrent: false);
        }
    }

    private void BreakChain(bool dropCurrent)
    {
        if (dropCurrent && _inFrame)
        {
            _inFrame = false;
            FramesDropped++;
        }
        if (!WaitingForKeyframe)
        {
            ChainBreaks++;
        }
        WaitingForKeyframe = true;
    }

    /// <summary>The picture ID after <paramref name="last"/>, in its 7-bit or its 15-bit form.</summary>
    private static bool Follows(int pictureId, int last) => pictureId == ((last + 1) & 0x7F) || pictureId == ((last + 1) & 0x7FFF);
}
