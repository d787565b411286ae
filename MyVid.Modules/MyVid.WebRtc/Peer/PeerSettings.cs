using System.Security.Cryptography;
using MyVid.WebRtc.Dtls;
using MyVid.WebRtc.Ice;

namespace MyVid.WebRtc.Peer;

/// <summary>What every <see cref="PeerConnection"/> of a node shares: its DTLS certificate, options and handshake scheduler.</summary>
public sealed record PeerSettings
{
    private static readonly RandomNumberGenerator SharedRandom = RandomNumberGenerator.Create();

    public PeerSettings(DtlsCertificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        Certificate = certificate;
    }

    /// <summary>The node-wide DTLS identity whose fingerprint goes into every local SDP.</summary>
    public DtlsCertificate Certificate { get; }

    /// <summary>DTLS handshake timeout and SRTP profile preference.</summary>
    public DtlsOptions Dtls { get; init; } = DtlsOptions.Default;

    /// <summary>Bounds the handshakes in flight across the node.</summary>
    public DtlsHandshakeScheduler Scheduler { get; init; } = DtlsHandshakeScheduler.Shared;

    /// <summary>A server closes once the peer's checks (its consent, RFC 7675) stop for this long.</summary>
    public TimeSpan ConsentTimeout { get; init; } = IceLiteAgent.DefaultConsentTimeout;

    /// <summary>The client's check pacing, retransmission and consent timers.</summary>
    public IceControllingOptions IceControlling { get; init; } = new();

    /// <summary>Source of ICE credentials and tie-breakers.</summary>
    public RandomNumberGenerator Random { get; init; } = SharedRandom;
}
