using System.Buffers.Binary;

namespace MyVid.WebRtc.Rtcp;

/// <summary>
/// REMB (draft-alvestrand-rmcat-remb §2.2): application layer feedback, PSFB FMT 15, media SSRC 0, then
/// 'REMB', the SSRC count, a bitrate as 6-bit exponent and 18-bit mantissa, and the SSRCs it applies to.
/// </summary>
public readonly ref struct ReceiverEstimatedMaximumBitrate
{
    public const int Format = 15;
    private const uint Identifier = 0x52454D42; // "REMB"
    private const int FixedFciLength = 8;

    private readonly ReadOnlySpan<byte> _ssrcs;

    private ReceiverEstimatedMaximumBitrate(uint senderSsrc, ulong bitrate, ReadOnlySpan<byte> ssrcs)
    {
        SenderSsrc = senderSsrc;
        Bitrate = bitrate;
        _ssrcs = ssrcs;
    }

    public uint SenderSsrc { get; }

    /// <summary>Bits per second: mantissa * 2^exponent.</summary>
    public ulong Bitrate { get; }

    public int SsrcCount => _ssrcs.Length / 4;

    public uint GetSsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, SsrcCount);
        return BinaryPrimitives.ReadUInt32BigEndian(_ssrcs[(4 * index)..]);
    }

    public static bool TryParse(ReadOnlySpan<byte> data, out ReceiverEstimatedMaximumBitrate remb)
    {
        remb = default;
        if (!RtcpFeedback.TryParse(data, RtcpPacketType.PayloadSpecificFeedback, Format, out var sender, out _, out var fci)
            || fci.Length < FixedFciLength || BinaryPrimitives.ReadUInt32BigEndian(fci) != Identifier)
        {
            return false;
        }

        var count = fci[4];
        if (fci.Length - FixedFciLength < 4 * count)
        {
            return false;
        }

        var exponent = fci[5] >> 2;
        var mantissa = ((ulong)(fci[5] & 0x03) << 16) | BinaryPrimitives.ReadUInt16BigEndian(fci[6..]);

        // The 18-bit mantissa shifted by up to 63 overflows 64 bits past exponent 46; saturate.
        var bitrate = exponent > 46 && mantissa != 0 ? ulong.MaxValue : mantissa << exponent;
        remb = new ReceiverEstimatedMaximumBitrate(sender, bitrate, fci.Slice(FixedFciLength, 4 * count));
        return true;
    }

    public static int GetByteCount(int ssrcCount) => RtcpFeedback.HeaderLength + FixedFciLength + (4 * ssrcCount);

    public static bool TryWrite(
        Span<byte> destination, uint senderSsrc, ulong bitrate, ReadOnlySpan<uint> ssrcs, out int written)
    {
        written = 0;
        var length = GetByteCount(ssrcs.Length);
        if (ssrcs.Length > 255 || destination.Length < length)
        {
            return false;
        }

        var exponent = 0;
        while (bitrate >= 1 << 18)
        {
            bitrate >>= 1;
            exponent++;
        }

        RtcpFeedback.WriteHeader(destination, RtcpPacketType.PayloadSpecificFeedback, Format, length, senderSsrc, 0);
        var fci = destination[RtcpFeedback.HeaderLength..];
        BinaryPrimitives.WriteUInt32BigEndian(fci, Identifier);
        fci[4] = (byte)ssrcs.Length;
        fci[5] = (byte)((exponent << 2) | (int)(bitrate >> 16));
        BinaryPrimitives.WriteUInt16BigEndian(fci[6..], (ushort)bitrate);
        for (var i = 0; i < ssrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(fci[(FixedFciLength + (4 * i))..], ssrcs[i]);
        }

        written = length;
        return true;
    }
}
