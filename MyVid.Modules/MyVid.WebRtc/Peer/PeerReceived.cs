namespace MyVid.WebRtc.Peer;

public enum PeerPacketKind
{
    /// <summary>Nothing for the caller: STUN, DTLS, or a packet that was dropped.</summary>
    None,

    /// <summary>An RTP packet, decrypted and authenticated.</summary>
    Rtp,

    /// <summary>A (compound) RTCP packet, decrypted and authenticated.</summary>
    Rtcp,
}

/// <summary>What <see cref="PeerConnection.HandleDatagram"/> found: RTP or RTCP decrypted in place in the caller's buffer.</summary>
public readonly ref struct PeerReceived
{
    internal PeerReceived(PeerPacketKind kind, Span<byte> packet)
    {
        Kind = kind;
        Packet = packet;
    }

    public PeerPacketKind Kind { get; }

    /// <summary>The plain packet: the start of the datagram the caller passed in, without the SRTP tag.</summary>
    public Span<byte> Packet { get; }
}
