using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using MyVid.WebRtc.Peer;

namespace MyVid.Media.Transport;

/// <summary>
/// The loop's send path: SRTP in place, then into the <see cref="UdpSendBatch"/> (flushed at the end of each loop
/// step, or when 64 are queued) or, with <c>Media:BatchSends=false</c>, one <c>sendto</c> at once. Loop thread.
/// </summary>
internal sealed partial class MediaLoop
{
    /// <summary>Protects <c>packet[..length]</c> in place (it needs the SRTP overhead spare) and sends it. Loop thread.</summary>
    public bool SendRtp(LivePeer peer, Span<byte> packet, int length) =>
        peer.Connection.TrySendRtp(packet, length, out var transmit) && Send(peer, transmit);

    public bool SendRtcp(LivePeer peer, Span<byte> packet, int length) =>
        peer.Connection.TrySendRtcp(packet, length, out var transmit) && Send(peer, transmit);

    private bool Send(LivePeer peer, PeerTransmit transmit)
    {
        if (_dropFilter is not null && _dropFilter.ShouldDrop(peer.Ufrag, transmit.Datagram))
        {
            return true;
        }

        if (_batch is not null)
        {
            // Sent at the end of this loop step (or when the batch fills): failures are counted then.
            var failed = _batch.Add(transmit.Datagram, peer.DestinationAddress(transmit.Destination));
            _sendFailures += failed;
            _datagramsSent += 1 - failed;
            _bytesSent += failed == 0 ? transmit.Datagram.Length : 0; // one failed later in the batch still counts: a metric, not an account
            return true;
        }

        try
        {
            _sendCalls++;
            _socket.SendTo(transmit.Datagram, SocketFlags.None, peer.DestinationAddress(transmit.Destination));
            _datagramsSent++;
            _bytesSent += transmit.Datagram.Length;
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.NoBufferSpaceAvailable)
        {
            _sendFailures++;
            return false;
        }
        catch (SocketException e)
        {
            LogSendFailed(_logger, transmit.Destination, e.SocketErrorCode);
            _sendFailures++;
            return false;
        }
    }

    private void Flush()
    {
        if (_batch is { Count: > 0 })
        {
            var failed = _batch.Flush();
            _sendFailures += failed;
            _datagramsSent -= failed;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending to {Destination} failed: {Error}")]
    private static partial void LogSendFailed(ILogger logger, IPEndPoint destination, SocketError error);
}
