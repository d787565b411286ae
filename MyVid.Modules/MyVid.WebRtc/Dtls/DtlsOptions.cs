using MyVid.WebRtc.Srtp;

namespace MyVid.WebRtc.Dtls;

/// <summary>Settings for a <see cref="DtlsConnection"/>.</summary>
public sealed record DtlsOptions
{
    /// <summary>The default settings.</summary>
    public static DtlsOptions Default { get; } = new();

    /// <summary>
    /// How long a handshake may take from <see cref="DtlsConnection.Start"/>, queueing behind the scheduler's limit
    /// included. 15 s leaves room for a join storm's queue on top of a few lost flights (retransmits at 1, 2, 4 s).
    /// </summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// SRTP profiles in order of preference: offered in this order as a client, chosen by this order as a server.
    /// AEAD first: GCM authenticates with one AES pass and needs no separate HMAC.
    /// </summary>
    public IReadOnlyList<SrtpProtectionProfile> SrtpProfiles { get; init; } =
    [
        SrtpProtectionProfile.AeadAes128Gcm,
        SrtpProtectionProfile.AeadAes256Gcm,
        SrtpProtectionProfile.Aes128CmHmacSha1Tag80,
    ];

    /// <summary>
    /// The largest datagram we send; handshake messages are fragmented to fit. 1200 bytes survives IPv6 and TURN
    /// overheads on any path with a 1280+ byte MTU.
    /// </summary>
    public int MaxDatagramSize { get; init; } = 1200;
}
