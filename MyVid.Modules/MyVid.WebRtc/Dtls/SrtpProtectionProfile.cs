namespace MyVid.WebRtc.Dtls;

/// <summary>
/// SRTP protection profiles negotiated by the DTLS use_srtp extension (RFC 5764 4.1.2, RFC 7714 14.2).
/// Kept minimal so it can merge with <c>MyVid.WebRtc.Srtp</c>'s own profile type.
/// </summary>
public enum SrtpProtectionProfile : ushort
{
    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80: AES-128 counter mode, 80-bit HMAC-SHA1 tag.</summary>
    Aes128CmHmacSha1Tag80 = 0x0001,

    /// <summary>SRTP_AEAD_AES_128_GCM.</summary>
    AeadAes128Gcm = 0x0007,

    /// <summary>SRTP_AEAD_AES_256_GCM.</summary>
    AeadAes256Gcm = 0x0008,
}

/// <summary>Master key and salt lengths per profile, which size the DTLS-SRTP exporter output.</summary>
public static class SrtpProtectionProfileExtensions
{
    /// <summary>The SRTP master key length in bytes.</summary>
    public static int KeyLength(this SrtpProtectionProfile profile) => profile switch
    {
        SrtpProtectionProfile.Aes128CmHmacSha1Tag80 => 16,
        SrtpProtectionProfile.AeadAes128Gcm => 16,
        SrtpProtectionProfile.AeadAes256Gcm => 32,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unknown SRTP protection profile."),
    };

    /// <summary>The SRTP master salt length in bytes (RFC 7714 uses 96-bit salts for GCM).</summary>
    public static int SaltLength(this SrtpProtectionProfile profile) => profile switch
    {
        SrtpProtectionProfile.Aes128CmHmacSha1Tag80 => 14,
        SrtpProtectionProfile.AeadAes128Gcm => 12,
        SrtpProtectionProfile.AeadAes256Gcm => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unknown SRTP protection profile."),
    };
}
