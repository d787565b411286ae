namespace MyVid.WebRtc.Srtp;

/// <summary>
/// One set of session keys (the RTP set or the RTCP set) and the transform of a profile.
/// Index bookkeeping lives in <see cref="SrtpContext"/>; these only encrypt and authenticate in place.
/// </summary>
internal abstract class SrtpCipher : IDisposable
{
    /// <summary>Encrypts <c>buffer[headerLength..length]</c> and writes the tag after it.</summary>
    public abstract void ProtectRtp(Span<byte> buffer, int headerLength, int length, uint ssrc, ulong index);

    /// <summary>Checks the tag at the end of <paramref name="packet"/> and decrypts the payload before it.</summary>
    public abstract bool UnprotectRtp(Span<byte> packet, int headerLength, uint ssrc, ulong index);

    /// <summary>Encrypts <c>buffer[8..length]</c> and appends the tag and the E flag + index word.</summary>
    public abstract void ProtectRtcp(Span<byte> buffer, int length, uint ssrc, uint index);

    /// <summary>Checks the tag of a whole SRTCP packet and, when <paramref name="encrypted"/>, decrypts it.</summary>
    public abstract bool UnprotectRtcp(Span<byte> packet, uint ssrc, uint index, bool encrypted);

    /// <summary>Offset of the E flag + SRTCP index word in a protected packet of <paramref name="length"/> bytes.</summary>
    public abstract int SrtcpIndexOffset(int length);

    public abstract void Dispose();

    public static SrtpCipher Create(
        SrtpProfile profile, ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> authKey) =>
        profile.IsAead
            ? new AesGcmCipher(key, salt)
            : new AesCmHmacSha1Cipher(key, salt, authKey, profile.AuthTagLength);
}
