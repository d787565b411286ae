namespace MyVid.WebRtc.Srtp;

/// <summary>
/// Session key derivation with the AES-CM PRF and a key derivation rate of 0 (RFC 3711 §4.3.1, §4.3.3).
/// The AEAD profiles reuse it with their 12-byte salt left-aligned in the 14-byte field (RFC 7714 §11),
/// as libsrtp and Pion do.
/// </summary>
internal static class SrtpKeyDerivation
{
    public const byte RtpEncryption = 0;
    public const byte RtpAuthentication = 1;
    public const byte RtpSalt = 2;
    public const byte RtcpEncryption = 3;
    public const byte RtcpAuthentication = 4;
    public const byte RtcpSalt = 5;

    /// <summary>Fills <paramref name="output"/> with PRF(master key, (label || r) XOR master salt), r = 0.</summary>
    public static void Derive(AesCounterMode masterKeyPrf, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> output)
    {
        Span<byte> iv = stackalloc byte[16];
        iv.Clear();
        masterSalt.CopyTo(iv);

        // key_id = label || r is 56 bits aligned to the end of the 112-bit salt: the label lands on byte 7.
        iv[7] ^= label;
        output.Clear();
        masterKeyPrf.Apply(iv, output);
    }
}
