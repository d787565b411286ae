using MyVid.WebRtc.Srtp;

namespace MyVid.WebRtc.Dtls;

/// <summary>
/// What a DTLS-SRTP handshake exports for SRTP (RFC 5764 §4.2): the negotiated profile, the exporter output and which
/// side we were. <see cref="CreateSrtpContexts"/> is the one way from here to SRTP; <see cref="SrtpKeyingMaterial"/>
/// splits the output.
/// </summary>
public sealed class DtlsKeyingMaterial
{
    private readonly byte[] _material;

    internal DtlsKeyingMaterial(SrtpProfile profile, byte[] material, bool isClient)
    {
        if (material.Length != profile.KeyingMaterialLength)
            throw new ArgumentException("Keying material length does not match the profile.", nameof(material));
        Profile = profile;
        IsClient = isClient;
        _material = material;
    }

    /// <summary>The negotiated SRTP protection profile.</summary>
    public SrtpProfile Profile { get; }

    /// <summary>True when this side was the DTLS client: it then protects with the client key and salt.</summary>
    public bool IsClient { get; }

    /// <summary>The exporter output in wire order: client key | server key | client salt | server salt.</summary>
    public ReadOnlySpan<byte> Material => _material;

    /// <summary>The context protecting what we send and the one unprotecting what we receive.</summary>
    public (SrtpContext Local, SrtpContext Remote) CreateSrtpContexts(int replayWindowSize = 128) =>
        SrtpKeyingMaterial.CreateContexts(Profile, _material, IsClient, replayWindowSize);
}
