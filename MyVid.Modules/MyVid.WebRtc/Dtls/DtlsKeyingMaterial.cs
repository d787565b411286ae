using MyVid.WebRtc.Srtp;

namespace MyVid.WebRtc.Dtls;

/// <summary>
/// SRTP master keys and salts exported from a DTLS-SRTP handshake (RFC 5764 4.2): the exporter output is
/// client key | server key | client salt | server salt, sized by the negotiated profile.
/// </summary>
public sealed class DtlsKeyingMaterial
{
    private readonly byte[] _material;

    internal DtlsKeyingMaterial(SrtpProtectionProfile profile, byte[] material, bool isClient)
    {
        if (material.Length != ExportLength(profile))
            throw new ArgumentException("Keying material length does not match the profile.", nameof(material));
        Profile = profile;
        IsClient = isClient;
        _material = material;
    }

    /// <summary>The negotiated SRTP protection profile.</summary>
    public SrtpProtectionProfile Profile { get; }

    /// <summary>True when this side was the DTLS client: its SRTP send keys are then the client keys.</summary>
    public bool IsClient { get; }

    private int KeyLength => SrtpProfile.Get(Profile).KeyLength;

    private int SaltLength => SrtpProfile.Get(Profile).SaltLength;

    /// <summary>The client's SRTP master key.</summary>
    public ReadOnlySpan<byte> ClientKey => _material.AsSpan(0, KeyLength);

    /// <summary>The server's SRTP master key.</summary>
    public ReadOnlySpan<byte> ServerKey => _material.AsSpan(KeyLength, KeyLength);

    /// <summary>The client's SRTP master salt.</summary>
    public ReadOnlySpan<byte> ClientSalt => _material.AsSpan(2 * KeyLength, SaltLength);

    /// <summary>The server's SRTP master salt.</summary>
    public ReadOnlySpan<byte> ServerSalt => _material.AsSpan((2 * KeyLength) + SaltLength, SaltLength);

    /// <summary>The key this side protects outgoing SRTP with.</summary>
    public ReadOnlySpan<byte> LocalKey => IsClient ? ClientKey : ServerKey;

    /// <summary>The salt this side protects outgoing SRTP with.</summary>
    public ReadOnlySpan<byte> LocalSalt => IsClient ? ClientSalt : ServerSalt;

    /// <summary>The key the peer protects its SRTP with.</summary>
    public ReadOnlySpan<byte> RemoteKey => IsClient ? ServerKey : ClientKey;

    /// <summary>The salt the peer protects its SRTP with.</summary>
    public ReadOnlySpan<byte> RemoteSalt => IsClient ? ServerSalt : ClientSalt;

    /// <summary>The whole exporter output, in wire order.</summary>
    public ReadOnlySpan<byte> Material => _material;

    /// <summary>The exporter output length for a profile: 2 × (key + salt).</summary>
    public static int ExportLength(SrtpProtectionProfile profile) => SrtpProfile.Get(profile).KeyingMaterialLength;
}
