using System.Net;

namespace MyVid.WebRtc.Peer;

/// <summary>
/// A datagram to send: <see cref="Datagram"/> to <see cref="Destination"/>. It points into a buffer of the
/// connection's (from <see cref="PeerConnection.TryPollTransmit"/>, valid until the next call on the connection) or
/// into the caller's own packet (from <see cref="PeerConnection.TrySendRtp"/>), so nothing is copied.
/// </summary>
public readonly ref struct PeerTransmit
{
    internal PeerTransmit(IPEndPoint destination, ReadOnlySpan<byte> datagram)
    {
        Destination = destination;
        Datagram = datagram;
    }

    public IPEndPoint Destination { get; }

    public ReadOnlySpan<byte> Datagram { get; }
}
