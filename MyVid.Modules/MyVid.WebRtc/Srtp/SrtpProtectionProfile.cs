namespace MyVid.WebRtc.Srtp;

/// <summary>DTLS-SRTP protection profile identifiers (RFC 5764 §4.1.2, RFC 7714 §14.2).</summary>
public enum SrtpProtectionProfile : ushort
{
    Aes128CmHmacSha1Tag80 = 0x0001,
    AeadAes128Gcm = 0x0007,
    AeadAes256Gcm = 0x0008,
}
