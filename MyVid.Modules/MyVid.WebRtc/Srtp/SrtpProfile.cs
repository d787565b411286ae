using System.Diagnostics.CodeAnalysis;

namespace MyVid.WebRtc.Srtp;

/// <summary>
/// What a protection profile needs: master key and salt sizes, the session authentication key size and
/// the tag it appends (RFC 3711 §8.2, RFC 5764 §4.1.2, RFC 7714 §12).
/// </summary>
public sealed class SrtpProfile
{
    /// <summary>Length of the SRTCP trailer word: E flag and 31-bit index (RFC 3711 §3.4).</summary>
    internal const int SrtcpIndexLength = 4;

    public static readonly SrtpProfile Aes128CmHmacSha1Tag80 =
        new(SrtpProtectionProfile.Aes128CmHmacSha1Tag80, keyLength: 16, saltLength: 14, authKeyLength: 20, authTagLength: 10);

    public static readonly SrtpProfile AeadAes128Gcm =
        new(SrtpProtectionProfile.AeadAes128Gcm, keyLength: 16, saltLength: 12, authKeyLength: 0, authTagLength: 16);

    public static readonly SrtpProfile AeadAes256Gcm =
        new(SrtpProtectionProfile.AeadAes256Gcm, keyLength: 32, saltLength: 12, authKeyLength: 0, authTagLength: 16);

    private SrtpProfile(SrtpProtectionProfile id, int keyLength, int saltLength, int authKeyLength, int authTagLength)
    {
        Id = id;
        KeyLength = keyLength;
        SaltLength = saltLength;
        AuthKeyLength = authKeyLength;
        AuthTagLength = authTagLength;
    }

    public SrtpProtectionProfile Id { get; }

    /// <summary>Master and session encryption key length in bytes.</summary>
    public int KeyLength { get; }

    /// <summary>Master and session salt length in bytes.</summary>
    public int SaltLength { get; }

    /// <summary>Session HMAC key length; 0 for AEAD profiles, whose tag comes from the cipher.</summary>
    public int AuthKeyLength { get; }

    public int AuthTagLength { get; }

    public bool IsAead => AuthKeyLength == 0;

    /// <summary>Bytes protecting an RTP packet adds after it.</summary>
    public int RtpOverhead => AuthTagLength;

    /// <summary>Bytes protecting an RTCP packet adds after it: the tag and the SRTCP index word.</summary>
    public int RtcpOverhead => AuthTagLength + SrtcpIndexLength;

    /// <summary>Length of the DTLS exporter output: two keys and two salts (RFC 5764 §4.2).</summary>
    public int KeyingMaterialLength => 2 * (KeyLength + SaltLength);

    public static bool TryGet(SrtpProtectionProfile id, [NotNullWhen(true)] out SrtpProfile? profile)
    {
        profile = id switch
        {
            SrtpProtectionProfile.Aes128CmHmacSha1Tag80 => Aes128CmHmacSha1Tag80,
            SrtpProtectionProfile.AeadAes128Gcm => AeadAes128Gcm,
            SrtpProtectionProfile.AeadAes256Gcm => AeadAes256Gcm,
            _ => null,
        };
        return profile is not null;
    }

    /// <summary>The profile of a supported identifier.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not one of the three profiles we implement.</exception>
    public static SrtpProfile Get(SrtpProtectionProfile id) =>
        TryGet(id, out var profile) ? profile : throw new ArgumentOutOfRangeException(nameof(id), id, "Unsupported SRTP protection profile.");

    public override string ToString() => Id.ToString();
}
