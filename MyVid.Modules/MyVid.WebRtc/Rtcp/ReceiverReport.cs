using System.Buffers.Binary;

namespace MyVid.WebRtc.Rtcp;

/// <summary>Receiver report, PT 201 (RFC 3550 §6.4.2).</summary>
public readonly ref struct ReceiverReport
{
    private const int BlocksOffset = 8;

    private ReceiverReport(uint ssrc, ReportBlockList reportBlocks)
    {
        Ssrc = ssrc;
        ReportBlocks = reportBlocks;
    }

    /// <summary>SSRC of the packet's sender.</summary>
    public uint Ssrc { get; }

    public ReportBlockList ReportBlocks { get; }

    public static bool TryParse(ReadOnlySpan<byte> data, out ReceiverReport report)
    {
        report = default;
        if (!RtcpPacket.TryParse(data, RtcpPacketType.ReceiverReport, -1, out var packet))
        {
            return false;
        }

        var body = packet.Body;
        if (!ReportBlockList.TryRead(body, BlocksOffset - RtcpPacket.HeaderLength, packet.Count, out var blocks))
        {
            return false;
        }

        report = new ReceiverReport(BinaryPrimitives.ReadUInt32BigEndian(body), blocks);
        return true;
    }

    public static int GetByteCount(int reportBlockCount) => BlocksOffset + (reportBlockCount * ReportBlock.Length);

    /// <summary>Writes an RR with up to 31 report blocks.</summary>
    public static bool TryWrite(Span<byte> destination, uint ssrc, ReadOnlySpan<ReportBlock> reportBlocks, out int written)
    {
        written = 0;
        var length = GetByteCount(reportBlocks.Length);
        if (reportBlocks.Length > 31 || destination.Length < length)
        {
            return false;
        }

        RtcpPacket.WriteHeader(destination, reportBlocks.Length, RtcpPacketType.ReceiverReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        ReportBlockList.Write(destination, BlocksOffset, reportBlocks);

        written = length;
        return true;
    }

    /// <summary>Rewrites the media SSRC of report block <paramref name="index"/> of a parsed RR in place.</summary>
    public static void SetReportBlockSsrc(Span<byte> packet, int index, uint ssrc) =>
        ReportBlockList.SetSsrc(packet, BlocksOffset, index, ssrc);
}
