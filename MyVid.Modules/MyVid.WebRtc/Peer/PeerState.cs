namespace MyVid.WebRtc.Peer;

/// <summary>Where a <see cref="PeerConnection"/> stands.</summary>
public enum PeerState
{
    /// <summary>ICE or DTLS still under way: no media yet.</summary>
    Connecting,

    /// <summary>DTLS is done and SRTP keyed: media flows.</summary>
    Connected,

    /// <summary>Consent lost, DTLS failed or closed, or closed locally. Final.</summary>
    Closed,
}
