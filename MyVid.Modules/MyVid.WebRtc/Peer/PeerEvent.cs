using System.Net;
using MyVid.WebRtc.Srtp;

namespace MyVid.WebRtc.Peer;

public enum PeerEventKind
{
    /// <summary>ICE selected its first pair: <see cref="PeerEvent.Remote"/> is where media goes.</summary>
    IceConnected,

    /// <summary>The peer nominated another pair (network change, ICE restart): media now goes to <see cref="PeerEvent.Remote"/>.</summary>
    SelectedPathChanged,

    /// <summary>DTLS finished and SRTP is keyed with <see cref="PeerEvent.Profile"/>: RTP and RTCP flow from now on.</summary>
    DtlsConnected,

    /// <summary>The connection ended for <see cref="PeerEvent.Reason"/>; nothing more happens on it.</summary>
    Closed,
}

/// <summary>Something a <see cref="PeerConnection"/> reports through <see cref="PeerConnection.TryPollEvent"/>.</summary>
/// <remarks>RTP and RTCP are not events: <see cref="PeerConnection.HandleDatagram"/> hands them back decrypted in place.</remarks>
public readonly record struct PeerEvent(PeerEventKind Kind, IPEndPoint? Remote = null, SrtpProfile? Profile = null, string? Reason = null);
