using System.Buffers.Binary;
using MyVid.WebRtc.Rtp;

namespace MyVid.Media.Recording.Rtp;

/// <summary>
/// Assembles H.264 access units from RTP packets given in sequence order (RFC 6184 packetization mode 1: single NAL
/// units, STAP-A, FU-A). An access unit is the packets of one RTP timestamp and ends at the marker bit. Frames come out
/// in AVCC form (each NAL unit after its 4-byte length), as Matroska stores them; the latest SPS and PPS are kept and
/// put before every IDR as well, so a file cut at any keyframe decodes. H.264 frames carry no picture ID, so any gap
/// drops the frame it touched and every later frame until an IDR (<see cref="WaitingForKeyframe"/>).
/// </summary>
internal sealed class H264Depacketizer(int maxFrameBytes = 4 * 1024 * 1024) : IVideoDepacketizer
{
    private const int StapA = 24;
    private const int FuA = 28;
    private const int Idr = 5;
    private const int Sps = 7;
    private const int Pps = 8;

    private byte[] _frame = new byte[64 * 1024];
    private byte[] _keyframe = new byte[64 * 1024];
    private byte[] _sps = [];
    private byte[] _pps = [];
    private int _length;
    private bool _inFrame;
    private long _frameTimestamp;
    private bool _frameIdr;
    private int _fragmentStart = -1;
    private bool _skipping;
    private long _skipTimestamp;
    private TimestampUnwrapper _timestamps;

    public bool WaitingForKeyframe { get; private set; } = true;

    public long ChainBreaks { get; private set; }

    public long FramesDropped { get; private set; }

    /// <summary>Frame size from the latest SPS (0 until one came).</summary>
    public int Width { get; private set; }

    public int Height { get; private set; }

    /// <summary>The <see cref="AvcDecoderConfigurationRecord"/> of the latest SPS and PPS: Matroska's CodecPrivate. Null until both came.</summary>
    public byte[]? DecoderConfiguration() =>
        _sps.Length < 4 || _pps.Length == 0 ? null : AvcDecoderConfigurationRecord.Build(_sps, _pps);

    public bool Push(ReadOnlySpan<byte> packet, bool gapBefore, out VideoFrame frame)
    {
        frame = default;
        if (!RtpHeader.TryParse(packet, out var header))
        {
            DropFrame();
            BreakChain();
            return false;
        }
        var timestamp = _timestamps.Unwrap(header.Timestamp);
        if (gapBefore)
        {
            // The lost packets may be the open frame's end or this packet's frame's start (H.264 has no picture ID to
            // tell whole frames were lost): both frames are dropped and the references are broken.
            DropFrame();
            BreakChain();
            _skipping = true;
            _skipTimestamp = timestamp;
        }
        var payload = header.Payload;
        if (payload.IsEmpty)
        {
            return false; // padding only
        }
        if (_skipping && timestamp == _skipTimestamp)
        {
            return false; // the rest of a dropped frame
        }
        _skipping = false;
        if (_inFrame && timestamp != _frameTimestamp)
        {
            // A frame that never saw its marker: incomplete, whatever the sender meant.
            DropFrame();
            BreakChain();
        }
        if (!_inFrame)
        {
            _inFrame = true;
            _length = 0;
            _fragmentStart = -1;
            _frameTimestamp = timestamp;
            _frameIdr = false;
        }
        if (!Append(payload))
        {
            DropFrame();
            BreakChain();
            return false;
        }
        if (!header.Marker)
        {
            return false;
        }
        _inFrame = false;
        if (_fragmentStart >= 0)
        {
            // The marker inside a fragmented NAL unit: a broken sender.
            FramesDropped++;
            BreakChain();
            return false;
        }
        if (_length == 0)
        {
            return false; // parameter sets only
        }
        var keyframe = _frameIdr && _sps.Length > 0 && _pps.Length > 0;
        if (WaitingForKeyframe && !keyframe)
        {
            FramesDropped++;
            return false;
        }
        WaitingForKeyframe = false;
        frame = keyframe
            ? new VideoFrame(_frameTimestamp, true, Width, Height, WithParameterSets())
            : new VideoFrame(_frameTimestamp, false, 0, 0, _frame.AsSpan(0, _length));
        return true;
    }

    /// <summary>Adds one packet's NAL units to the open frame; false when the packet is broken or not mode 1.</summary>
    private bool Append(ReadOnlySpan<byte> payload)
    {
        var type = payload[0] & 0x1F;
        switch (type)
        {
            case >= 1 and <= 23:
                return _fragmentStart < 0 && AppendNal(payload);
            case StapA:
                if (_fragmentStart >= 0)
                {
                    return false;
                }
                for (var at = 1; at < payload.Length;)
                {
                    if (at + 2 > payload.Length)
                    {
                        return false;
                    }
                    var size = BinaryPrimitives.ReadUInt16BigEndian(payload[at..]);
                    at += 2;
                    if (size == 0 || at + size > payload.Length || !AppendNal(payload.Slice(at, size)))
                    {
                        return false;
                    }
                    at += size;
                }
                return true;
            case FuA:
                return AppendFragment(payload);
            default:
                return false; // STAP-B, MTAP, FU-B: interleaved mode, which WebRTC does not use
        }
    }

    private bool AppendFragment(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 3)
        {
            return false;
        }
        var fuHeader = payload[1];
        var start = (fuHeader & 0x80) != 0;
        var end = (fuHeader & 0x40) != 0;
        var nalHeader = (byte)((payload[0] & 0xE0) | (fuHeader & 0x1F));
        if (start == (_fragmentStart >= 0))
        {
            // A start inside a fragmented NAL unit, or a middle without its start.
            return false;
        }
        if (start)
        {
            if (!Reserve(5))
            {
                return false;
            }
            _fragmentStart = _length;
            _length += 4;
            _frame[_length++] = nalHeader;
            NoteNal(nalHeader & 0x1F);
        }
        var data = payload[2..];
        if (!Reserve(data.Length))
        {
            return false;
        }
        data.CopyTo(_frame.AsSpan(_length));
        _length += data.Length;
        if (end)
        {
            BinaryPrimitives.WriteInt32BigEndian(_frame.AsSpan(_fragmentStart), _length - _fragmentStart - 4);
            _fragmentStart = -1;
        }
        return true;
    }

    private bool AppendNal(ReadOnlySpan<byte> nal)
    {
        var type = nal[0] & 0x1F;
        if (type is Sps or Pps)
        {
            // Kept aside and written before each IDR: the file gets exactly one copy per keyframe.
            if (type == Pps)
            {
                Keep(ref _pps, nal);
            }
            else if (Keep(ref _sps, nal))
            {
                (Width, Height) = H264SequenceParameterSet.Size(_sps);
            }
            return true;
        }
        if (!Reserve(4 + nal.Length))
        {
            return false;
        }
        BinaryPrimitives.WriteInt32BigEndian(_frame.AsSpan(_length), nal.Length);
        nal.CopyTo(_frame.AsSpan(_length + 4));
        _length += 4 + nal.Length;
        NoteNal(type);
        return true;
    }

    private void NoteNal(int type) => _frameIdr |= type == Idr;

    /// <summary>True when <paramref name="nal"/> differs from the one kept (the encoder repeats them before every IDR: no allocation unless they change).</summary>
    private static bool Keep(ref byte[] kept, ReadOnlySpan<byte> nal)
    {
        if (kept.AsSpan().SequenceEqual(nal))
        {
            return false;
        }
        kept = nal.ToArray();
        return true;
    }

    private bool Reserve(int bytes)
    {
        if (_length + bytes > maxFrameBytes)
        {
            return false;
        }
        if (_length + bytes > _frame.Length)
        {
            Array.Resize(ref _frame, Math.Min(maxFrameBytes, Math.Max(_frame.Length * 2, _length + bytes)));
        }
        return true;
    }

    /// <summary>The open IDR frame with the latest SPS and PPS before it (once a keyframe interval, so a copy is cheap).</summary>
    private ReadOnlySpan<byte> WithParameterSets()
    {
        var length = 8 + _sps.Length + _pps.Length + _length;
        if (_keyframe.Length < length)
        {
            _keyframe = new byte[Math.Max(length, _keyframe.Length * 2)];
        }
        var output = _keyframe.AsSpan();
        BinaryPrimitives.WriteInt32BigEndian(output, _sps.Length);
        _sps.CopyTo(output[4..]);
        var at = 4 + _sps.Length;
        BinaryPrimitives.WriteInt32BigEndian(output[at..], _pps.Length);
        _pps.CopyTo(output[(at + 4)..]);
        _frame.AsSpan(0, _length).CopyTo(output[(at + 4 + _pps.Length)..]);
        return output[..length];
    }

    /// <summary>Drops the open frame, and the rest of its packets (<see cref="_skipping"/>).</summary>
    private void DropFrame()
    {
        if (!_inFrame)
        {
            return;
        }
        _inFrame = false;
        _fragmentStart = -1;
        _skipping = true;
        _skipTimestamp = _frameTimestamp;
        FramesDropped++;
    }

    private void BreakChain()
    {
        if (!WaitingForKeyframe)
        {
            ChainBreaks++;
        }
        WaitingForKeyframe = true;
    }
}
