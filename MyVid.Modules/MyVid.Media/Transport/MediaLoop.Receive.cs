using System.Net;
using System.Net.Sockets;
using MyVid.WebRtc.Peer;

namespace MyVid.Media.Transport;

/// <summary>
/// The loop's receive path: a datagram is found its peer by <see cref="PeerDemux"/>, held in <see cref="EarlyDatagrams"/>
/// while a viewer's answer is on its way, else handed to the peer and its RTP/RTCP to the handler. Loop thread.
/// </summary>
internal sealed partial class MediaLoop
{
    private void Receive()
    {
        int length;
        try
        {
            length = _socket.ReceiveFrom(_receive, SocketFlags.None, _from);
        }
        catch (SocketException)
        {
            return; // ICMP port unreachable from a peer that left, and the like
        }

        _datagramsReceived++;
        _bytesReceived += length;
        var datagram = _receive.AsSpan(0, length);
        if (!_demux.TryFind(_from, datagram, out var known) || known.Peer.IsClosed
            || _receiveDropFilter?.ShouldDrop(known.Peer.Ufrag, datagram) == true)
        {
            return;
        }

        var (peer, from) = known;
        var now = _time.GetUtcNow();
        if (peer.Connection.Negotiation is null)
        {
            // A viewer whose answer is still on its way through the signalling socket.
            _early.TryAdd(peer, from, datagram, now);
            return;
        }

        Deliver(peer, from, datagram, now);
    }

    private void DeliverEarly(LivePeer peer, IPEndPoint from, Span<byte> datagram)
    {
        _earlyReplayed++;
        Deliver(peer, from, datagram, _time.GetUtcNow());
    }

    private void Deliver(LivePeer peer, IPEndPoint from, Span<byte> datagram, DateTimeOffset now)
    {
        var received = peer.Connection.HandleDatagram(datagram, from, now);
        switch (received.Kind)
        {
            case PeerPacketKind.Rtp:
                _handler!.OnRtp(peer, received.Packet, now);
                break;
            case PeerPacketKind.Rtcp:
                _handler!.OnRtcp(peer, received.Packet, now);
                break;
        }

        Drain(peer, now);
    }
}
