using System.Buffers.Binary;

namespace MyVid.WebRtc.Rtcp;

/// <summary>BYE, PT 203 (RFC 3550 §6.6): SC SSRCs leaving, optionally a reason.</summary>
public readonly ref struct Goodbye
{
    private readonly ReadOnlySpan<byte> _ssrcs;

    private Goodbye(ReadOnlySpan<byte> ssrcs, ReadOnlySpan<byte> reason)
    {
        _ssrcs = ssrcs;
        Reason = reason;
    }

    public int SsrcCount => _ssrcs.Length / 4;

    /// <summary>UTF-8 reason for leaving; empty when none was given.</summary>
    public ReadOnlySpan<byte> Reason { get; }

    public uint GetSsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, SsrcCount);
        return BinaryPrimitives.ReadUInt32BigEndian(_ssrcs[(4 * index)..]);
    }

    public static bool TryParse(ReadOnlySpan<byte> data, out Goodbye goodbye)
    {
        goodbye = default;
        if (!RtcpPacket.TryParse(data, RtcpPacketType.Goodbye, -1, out var packet))
        {
            return false;
        }

        var body = packet.Body;
        var ssrcsLength = 4 * packet.Count;
        if (body.Length < ssrcsLength)
        {
            return false;
        }

        ReadOnlySpan<byte> reason = [];
        if (body.Length > ssrcsLength)
        {
            var reasonLength = body[ssrcsLength];
            if (body.Length - ssrcsLength - 1 < reasonLength)
            {
                return false;
            }

            reason = body.Slice(ssrcsLength + 1, reasonLength);
        }

        goodbye = new Goodbye(body[..ssrcsLength], reason);
        return true;
    }

    public static int GetByteCount(int ssrcCount, int reasonLength) =>
        RtcpPacket.HeaderLength + (4 * ssrcCount) + (reasonLength == 0 ? 0 : (reasonLength + 1 + 3) & ~3);

    public static bool TryWrite(Span<byte> destination, ReadOnlySpan<uint> ssrcs, ReadOnlySpan<byte> reason, out int written)
    {
        written = 0;
        var length = GetByteCount(ssrcs.Length, reason.Length);
        if (ssrcs.Length > 31 || reason.Length > 255 || destination.Length < length)
        {
            return false;
        }

        RtcpPacket.WriteHeader(destination, ssrcs.Length, RtcpPacketType.Goodbye, length);
        var offset = RtcpPacket.HeaderLength;
        foreach (var ssrc in ssrcs)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], ssrc);
            offset += 4;
        }

        if (!reason.IsEmpty)
        {
            destination[offset] = (byte)reason.Length;
            reason.CopyTo(destination[(offset + 1)..]);
            destination[(offset + 1 + reason.Length)..length].Clear();
        }

        written = length;
        return true;
    }
}
