using MyVid.WebRtc.Ice;

namespace MyVid.Media.Transport;

/// <summary>
/// ICE restart of a peer (RFC 8445 §9, asked for over the signalling): its new ufrag is recognised at once, the old
/// one until the peer nominates a pair under the new credentials or the grace passes. DTLS and SRTP stay. Loop thread.
/// </summary>
internal sealed partial class MediaLoop
{
    /// <summary>Restarts <paramref name="peer"/>'s ICE with the client's new credentials; ours, new, or null when it is closed or not negotiated.</summary>
    public IceCredentials? RestartIce(LivePeer peer, IceCredentials remote)
    {
        if (peer.IsClosed || peer.Connection.Negotiation is null)
        {
            return null;
        }

        var local = peer.Connection.RestartIce(remote, _time.GetUtcNow());
        if (peer.PreviousUfrag is { } older)
        {
            _demux.RemoveUfrag(older); // a restart of a restart: the agent answers only the last two generations
        }

        peer.PreviousUfrag = peer.Ufrag;
        peer.Ufrag = local.Ufrag;
        _demux.AddUfrag(peer, local.Ufrag);
        return local;
    }

    /// <summary>Drops the previous generation's ufrag from the demultiplexer once the peer's agent no longer answers it.</summary>
    private void RetireIceUfrag(LivePeer peer)
    {
        if (peer.PreviousUfrag is { } previous && peer.Connection.PreviousIceUfrag is null)
        {
            _demux.RemoveUfrag(previous);
            peer.PreviousUfrag = null;
        }
    }
}
