using System.Net;
using MyVid.WebRtc.Ice;

namespace MyVid.WebRtc.Peer;

/// <summary>The ICE side of a <see cref="PeerConnection"/>: the lite agent of a server or the controlling agent of a client.</summary>
internal abstract class IcePart : IDisposable
{
    /// <summary>Where media goes: the remote endpoint of the selected pair, or null before one is selected.</summary>
    public abstract IPEndPoint? Remote { get; }

    /// <summary>Takes the peer's ICE parameters from the negotiated SDP.</summary>
    public abstract void SetRemote(IceCredentials credentials, IReadOnlyList<string> candidates);

    /// <summary>
    /// ICE restart (RFC 8445 §9): new credentials on both sides; media stays on the selected pair until the peer
    /// nominates one under the new credentials.
    /// </summary>
    public abstract void Restart(IceCredentials local, IceCredentials remote, DateTimeOffset now);

    /// <summary>Our ufrag of the generation before a restart while it is still accepted, else null.</summary>
    public abstract string? PreviousLocalUfrag { get; }

    /// <summary>Handles a STUN datagram; answers go into <paramref name="output"/>.</summary>
    public abstract void HandleStun(ReadOnlySpan<byte> datagram, IPEndPoint from, DateTimeOffset now, TransmitQueue output);

    /// <summary>Runs timers and queues the checks that are due.</summary>
    public abstract void HandleTimeout(DateTimeOffset now, TransmitQueue output);

    public abstract DateTimeOffset? PollTimeout();

    public abstract bool TryPollEvent(out IceEvent iceEvent);

    /// <summary>
    /// Whether DTLS and SRTP from <paramref name="from"/> are taken: from the selected remote, or (lite) from an
    /// endpoint whose check we answered, since the ClientHello may beat the nomination.
    /// </summary>
    public abstract bool AcceptsMediaFrom(IPEndPoint from);

    public abstract void Dispose();
}
