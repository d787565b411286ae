namespace MyVid.WebRtc.Srtp;

/// <summary>
/// DTLS-SRTP protection profile identifiers as the use_srtp extension carries them (RFC 5764 §4.1.2, RFC 7714 §14.2).
/// <see cref="SrtpProfile"/> holds what each one needs.
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
