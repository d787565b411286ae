using System.Buffers.Binary;

namespace MyVid.WebRtc.Rtcp;

/// <summary>
/// The common part of RTPFB and PSFB messages (RFC 4585 §6.1): header with FMT, sender SSRC, media SSRC,
/// then the feedback control information (FCI).
/// </summary>
internal static class RtcpFeedback
{
    public const int HeaderLength = 12;

    public static bool TryParse(
        ReadOnlySpan<byte> data, RtcpPacketType type, int format, out uint senderSsrc, out uint mediaSsrc,
        out ReadOnlySpan<byte> fci)
    {
        senderSsrc = mediaSsrc = 0;
        fci = default;
        if (!RtcpPacket.TryParse(data, type, format, out var packet) || packet.Body.Length < 8)
        {
            return false;
        }

        senderSsrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Body);
        mediaSsrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Body[4..]);
        fci = packet.Body[8..];
        return true;
    }

    public static void WriteHeader(
        Span<byte> destination, RtcpPacketType type, int format, int length, uint senderSsrc, uint mediaSsrc)
    {
        RtcpPacket.WriteHeader(destination, format, type, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], mediaSsrc);
    }
}
