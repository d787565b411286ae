using MyVid.WebRtc.Peer;

namespace MyVid.Media.Transport;

/// <summary>What the loop hands the SFU, on the loop thread. Packets are plain (SRTP removed) slices of the receive buffer.</summary>
internal interface IMediaLoopHandler
{
    void OnRtp(LivePeer peer, Span<byte> packet, DateTimeOffset now);

    void OnRtcp(LivePeer peer, Span<byte> packet, DateTimeOffset now);

    void OnPeerEvent(LivePeer peer, PeerEvent peerEvent, DateTimeOffset now);

    /// <summary>Every few milliseconds: the SFU's own timers (keyframe requests, reports).</summary>
    void OnTick(DateTimeOffset now);
}
