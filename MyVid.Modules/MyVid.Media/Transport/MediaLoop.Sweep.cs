using Microsoft.Extensions.Logging;
using MyVid.WebRtc.Peer;

namespace MyVid.Media.Transport;

/// <summary>
/// The loop's timers: peers' due timeouts, their queued output and events moved out, the SFU ticked, and closed
/// peers forgotten at the end of the sweep. Loop thread.
/// </summary>
internal sealed partial class MediaLoop
{
    /// <summary>
    /// Runs due timers and moves peers' output (DTLS threads may have produced some): connecting peers' every time,
    /// connected peers' every <see cref="ConnectedSweepInterval"/>; ticks the SFU.
    /// </summary>
    private void Sweep(DateTimeOffset now)
    {
        var next = now + MaxWait;
        var all = now >= _nextConnectedSweep;
        if (all)
        {
            _nextConnectedSweep = now + ConnectedSweepInterval;
        }

        for (var i = 0; i < _peers.Count; i++)
        {
            var peer = _peers[i];
            if (!all && peer.Connection.State == PeerState.Connected)
            {
                continue;
            }

            if (peer.Connection.PollTimeout() is { } due && due <= now)
            {
                peer.Connection.HandleTimeout(now);
            }

            Drain(peer, now);
        }

        _handler!.OnTick(now);
        foreach (var closing in _closing)
        {
            Forget(closing, now);
        }

        _closing.Clear();
        _nextSweep = next;
    }

    private void Forget(LivePeer peer, DateTimeOffset now)
    {
        Drain(peer, now);
        _demux.Remove(peer);
        _early.Forget(peer);
        _peers.Remove(peer);
        Volatile.Write(ref _peerCount, _peers.Count);
        peer.Dispose();
    }

    private void Drain(LivePeer peer, DateTimeOffset now)
    {
        RetireIceUfrag(peer);
        while (peer.Connection.TryPollTransmit(out var transmit))
        {
            Send(peer, transmit);
        }

        while (peer.Connection.TryPollEvent(out var peerEvent))
        {
            if (peer.IsClosed)
            {
                continue; // removed: its own close is not news
            }

            if (peerEvent.Kind == PeerEventKind.Closed)
            {
                LogPeerClosed(_logger, peer.Ufrag, peerEvent.Reason);
            }

            _handler!.OnPeerEvent(peer, peerEvent, now);
            if (peerEvent.Kind == PeerEventKind.Closed)
            {
                RemovePeer(peer); // the handler usually did
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Peer {Ufrag} closed: {Reason}")]
    private static partial void LogPeerClosed(ILogger logger, string ufrag, string? reason);
}
