using System.Buffers.Binary;

namespace MyVid.WebRtc.Rtcp;

/// <summary>A reception report block (RFC 3550 §6.4.1), 24 bytes.</summary>
/// <param name="CumulativeLost">24-bit signed: duplicates can make it negative.</param>
/// <param name="LastSenderReport">Middle 32 bits of the NTP timestamp of the last SR received (LSR).</param>
/// <param name="DelaySinceLastSenderReport">DLSR in units of 1/65536 s.</param>
public readonly record struct ReportBlock(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequenceNumber,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport)
{
    public const int Length = 24;

    public static ReportBlock Read(ReadOnlySpan<byte> data)
    {
        var lost = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        return new ReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(data),
            (byte)(lost >> 24),
            ((int)(lost << 8)) >> 8,
            BinaryPrimitives.ReadUInt32BigEndian(data[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[20..]));
    }

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        var lost = Math.Clamp(CumulativeLost, -0x80_0000, 0x7F_FFFF);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ((uint)FractionLost << 24) | ((uint)lost & 0xFF_FFFF));
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ExtendedHighestSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], DelaySinceLastSenderReport);
    }
}

/// <summary>The report blocks of an SR or RR, read on demand from the packet bytes.</summary>
public readonly ref struct ReportBlockList
{
    private readonly ReadOnlySpan<byte> _data;

    internal ReportBlockList(ReadOnlySpan<byte> data) => _data = data;

    public int Count => _data.Length / ReportBlock.Length;

    public ReportBlock this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return ReportBlock.Read(_data.Slice(index * ReportBlock.Length, ReportBlock.Length));
        }
    }

    /// <summary>
    /// The <paramref name="count"/> blocks (the header's count) at <paramref name="offset"/> of an SR's or RR's body;
    /// false when the body is too short to hold them.
    /// </summary>
    internal static bool TryRead(ReadOnlySpan<byte> body, int offset, int count, out ReportBlockList blocks)
    {
        var length = count * ReportBlock.Length;
        if (body.Length < offset + length)
        {
            blocks = default;
            return false;
        }

        blocks = new ReportBlockList(body.Slice(offset, length));
        return true;
    }

    /// <summary>Writes <paramref name="blocks"/> one after the other from <paramref name="offset"/> of an SR or RR.</summary>
    internal static void Write(Span<byte> packet, int offset, ReadOnlySpan<ReportBlock> blocks)
    {
        for (var i = 0; i < blocks.Length; i++)
        {
            blocks[i].Write(packet[(offset + (i * ReportBlock.Length))..]);
        }
    }

    /// <summary>Writes the media SSRC of block <paramref name="index"/> of the blocks starting at <paramref name="offset"/>.</summary>
    internal static void SetSsrc(Span<byte> packet, int offset, int index, uint ssrc)
    {
        var blockCount = packet[0] & 0x1F;
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, blockCount);
        BinaryPrimitives.WriteUInt32BigEndian(packet[(offset + (index * ReportBlock.Length))..], ssrc);
    }
}
