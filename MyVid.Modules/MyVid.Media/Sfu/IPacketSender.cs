using MyVid.Media.Transport;

namespace MyVid.Media.Sfu;

/// <summary>Protects and sends a plain RTP or RTCP packet to a peer (the loop; a fake in tests).</summary>
internal interface IPacketSender
{
    /// <summary><c>packet[..length]</c> is protected in place: the buffer needs the SRTP overhead spare after it.</summary>
    bool SendRtp(LivePeer peer, Span<byte> packet, int length);

    bool SendRtcp(LivePeer peer, Span<byte> packet, int length);
}
