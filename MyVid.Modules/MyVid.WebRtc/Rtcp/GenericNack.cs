using System.Buffers.Binary;
using System.Numerics;

namespace MyVid.WebRtc.Rtcp;

/// <summary>
/// Generic NACK, RTPFB FMT 1 (RFC 4585 §6.2.1): FCI items of a packet id (PID) and a bitmask of the 16
/// following lost packets (BLP).
/// </summary>
public readonly ref struct GenericNack
{
    public const int Format = 1;
    private const int ItemLength = 4;

    private readonly ReadOnlySpan<byte> _items;

    private GenericNack(uint senderSsrc, uint mediaSsrc, ReadOnlySpan<byte> items)
    {
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
        _items = items;
    }

    public uint SenderSsrc { get; }

    public uint MediaSsrc { get; }

    /// <summary>How many sequence numbers the items name, so callers can size the span they expand into.</summary>
    public int LostCount
    {
        get
        {
            var count = 0;
            for (var i = 0; i < _items.Length; i += ItemLength)
            {
                count += 1 + BitOperations.PopCount(BinaryPrimitives.ReadUInt16BigEndian(_items[(i + 2)..]));
            }

            return count;
        }
    }

    public static bool TryParse(ReadOnlySpan<byte> data, out GenericNack nack)
    {
        nack = default;
        if (!RtcpFeedback.TryParse(data, RtcpPacketType.TransportFeedback, Format, out var sender, out var media, out var fci)
            || fci.IsEmpty || fci.Length % ItemLength != 0)
        {
            return false;
        }

        nack = new GenericNack(sender, media, fci);
        return true;
    }

    /// <summary>Expands PID + BLP into lost sequence numbers; false if <paramref name="destination"/> is too small.</summary>
    public bool TryGetLostSequenceNumbers(Span<ushort> destination, out int count)
    {
        count = 0;
        for (var i = 0; i < _items.Length; i += ItemLength)
        {
            var pid = BinaryPrimitives.ReadUInt16BigEndian(_items[i..]);
            var blp = BinaryPrimitives.ReadUInt16BigEndian(_items[(i + 2)..]);
            if (count >= destination.Length)
            {
                return false;
            }

            destination[count++] = pid;
            for (var bit = 0; bit < 16; bit++)
            {
                if ((blp & (1 << bit)) == 0)
                {
                    continue;
                }

                if (count >= destination.Length)
                {
                    return false;
                }

                destination[count++] = (ushort)(pid + bit + 1);
            }
        }

        return true;
    }

    /// <summary>Bytes <see cref="TryWrite"/> needs for <paramref name="lost"/>, given in ascending (wrapping) order.</summary>
    public static int GetByteCount(ReadOnlySpan<ushort> lost) => RtcpFeedback.HeaderLength + (ItemLength * CountItems(lost));

    /// <summary>Packs <paramref name="lost"/>, ascending with wrap-around, into as few PID + BLP items as it can.</summary>
    public static bool TryWrite(
        Span<byte> destination, uint senderSsrc, uint mediaSsrc, ReadOnlySpan<ushort> lost, out int written)
    {
        written = 0;
        var length = GetByteCount(lost);
        if (lost.IsEmpty || destination.Length < length)
        {
            return false;
        }

        RtcpFeedback.WriteHeader(destination, RtcpPacketType.TransportFeedback, Format, length, senderSsrc, mediaSsrc);
        var offset = RtcpFeedback.HeaderLength - ItemLength;
        ushort pid = 0;
        ushort blp = 0;
        for (var i = 0; i < lost.Length; i++)
        {
            var distance = (ushort)(lost[i] - pid);
            if (i > 0 && distance == 0)
            {
                continue;
            }

            if (i > 0 && distance <= 16)
            {
                blp |= (ushort)(1 << (distance - 1));
                continue;
            }

            if (i > 0)
            {
                BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], blp);
            }

            offset += ItemLength;
            pid = lost[i];
            blp = 0;
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], pid);
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], blp);
        written = length;
        return true;
    }

    private static int CountItems(ReadOnlySpan<ushort> lost)
    {
        var items = 0;
        ushort pid = 0;
        for (var i = 0; i < lost.Length; i++)
        {
            var distance = (ushort)(lost[i] - pid);
            if (i == 0 || distance > 16)
            {
                items++;
                pid = lost[i];
            }
        }

        return items;
    }
}
