using System.Buffers.Binary;

namespace MyVid.WebRtc.Rtcp;

/// <summary>The sender information of an SR (RFC 3550 §6.4.1).</summary>
/// <param name="NtpTimestamp">64-bit NTP time: seconds since 1900 in the high word, fraction in the low.</param>
public readonly record struct SenderInfo(
    uint Ssrc, ulong NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount);

/// <summary>Sender report, PT 200 (RFC 3550 §6.4.1). Profile-specific extensions after the blocks are ignored.</summary>
public readonly ref struct SenderReport
{
    private const int BlocksOffset = 28;

    private SenderReport(SenderInfo sender, ReportBlockList reportBlocks)
    {
        Sender = sender;
        ReportBlocks = reportBlocks;
    }

    public SenderInfo Sender { get; }

    public ReportBlockList ReportBlocks { get; }

    public static bool TryParse(ReadOnlySpan<byte> data, out SenderReport report)
    {
        report = default;
        if (!RtcpPacket.TryParse(data, RtcpPacketType.SenderReport, -1, out var packet))
        {
            return false;
        }

        var body = packet.Body;
        if (!ReportBlockList.TryRead(body, BlocksOffset - RtcpPacket.HeaderLength, packet.Count, out var blocks))
        {
            return false;
        }

        var sender = new SenderInfo(
            BinaryPrimitives.ReadUInt32BigEndian(body),
            BinaryPrimitives.ReadUInt64BigEndian(body[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[20..]));
        report = new SenderReport(sender, blocks);
        return true;
    }

    public static int GetByteCount(int reportBlockCount) => BlocksOffset + (reportBlockCount * ReportBlock.Length);

    /// <summary>Writes an SR with up to 31 report blocks.</summary>
    public static bool TryWrite(Span<byte> destination, SenderInfo sender, ReadOnlySpan<ReportBlock> reportBlocks, out int written)
    {
        written = 0;
        var length = GetByteCount(reportBlocks.Length);
        if (reportBlocks.Length > 31 || destination.Length < length)
        {
            return false;
        }

        RtcpPacket.WriteHeader(destination, reportBlocks.Length, RtcpPacketType.SenderReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], sender.Ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], sender.NtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], sender.RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], sender.PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], sender.OctetCount);
        ReportBlockList.Write(destination, BlocksOffset, reportBlocks);

        written = length;
        return true;
    }

    /// <summary>Rewrites the sender SSRC of a parsed SR in place.</summary>
    public static void SetSenderSsrc(Span<byte> packet, uint ssrc) => BinaryPrimitives.WriteUInt32BigEndian(packet[4..], ssrc);

    /// <summary>Rewrites the media SSRC of report block <paramref name="index"/> of a parsed SR in place.</summary>
    public static void SetReportBlockSsrc(Span<byte> packet, int index, uint ssrc) =>
        ReportBlockList.SetSsrc(packet, BlocksOffset, index, ssrc);
}
