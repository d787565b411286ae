using System.Buffers.Binary;
using System.Security.Cryptography;

namespace MyVid.WebRtc.Srtp;

/// <summary>
/// AEAD_AES_128_GCM and AEAD_AES_256_GCM for SRTP and SRTCP (RFC 7714). The header is the associated data;
/// SRTCP appends the tag and then the E flag + index word, which is also authenticated (§9.2, §17).
/// </summary>
internal sealed class AesGcmCipher : SrtpCipher
{
    private const int TagLength = 16;
    private const int NonceLength = 12;
    private const int RtcpHeaderLength = 8;

    private readonly AesGcm _gcm;
    private readonly byte[] _salt;

    public AesGcmCipher(ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt)
    {
        _gcm = new AesGcm(key, TagLength);
        _salt = salt.ToArray();
    }

    public override void ProtectRtp(Span<byte> buffer, int headerLength, int length, uint ssrc, ulong index)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        WriteRtpNonce(nonce, ssrc, index);
        var payload = buffer[headerLength..length];
        _gcm.Encrypt(nonce, payload, payload, buffer.Slice(length, TagLength), buffer[..headerLength]);
    }

    public override bool UnprotectRtp(Span<byte> packet, int headerLength, uint ssrc, ulong index)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        WriteRtpNonce(nonce, ssrc, index);
        var tagOffset = packet.Length - TagLength;
        var payload = packet[headerLength..tagOffset];
        return TryDecrypt(nonce, payload, packet[tagOffset..], packet[..headerLength]);
    }

    public override void ProtectRtcp(Span<byte> buffer, int length, uint ssrc, uint index)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        WriteRtcpNonce(nonce, ssrc, index);
        var indexWord = buffer.Slice(length + TagLength, SrtpProfile.SrtcpIndexLength);
        BinaryPrimitives.WriteUInt32BigEndian(indexWord, 0x8000_0000u | index);

        // With E set the associated data is the first 8 header bytes, then the index word (§9.2).
        Span<byte> aad = stackalloc byte[RtcpHeaderLength + SrtpProfile.SrtcpIndexLength];
        buffer[..RtcpHeaderLength].CopyTo(aad);
        indexWord.CopyTo(aad[RtcpHeaderLength..]);
        var payload = buffer[RtcpHeaderLength..length];
        _gcm.Encrypt(nonce, payload, payload, buffer.Slice(length, TagLength), aad);
    }

    public override bool UnprotectRtcp(Span<byte> packet, uint ssrc, uint index, bool encrypted)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        WriteRtcpNonce(nonce, ssrc, index);
        var indexOffset = SrtcpIndexOffset(packet.Length);
        var tagOffset = indexOffset - TagLength;
        Span<byte> tag = stackalloc byte[TagLength];
        packet.Slice(tagOffset, TagLength).CopyTo(tag);
        if (encrypted)
        {
            Span<byte> aad = stackalloc byte[RtcpHeaderLength + SrtpProfile.SrtcpIndexLength];
            packet[..RtcpHeaderLength].CopyTo(aad);
            packet[indexOffset..].CopyTo(aad[RtcpHeaderLength..]);
            var payload = packet[RtcpHeaderLength..tagOffset];
            return TryDecrypt(nonce, payload, tag, aad);
        }

        // Unencrypted: the whole packet and the index word are associated data (§9.3). Moving the word up
        // over the tag makes them contiguous without a scratch buffer.
        packet[indexOffset..].CopyTo(packet[tagOffset..]);
        var associated = packet[..(tagOffset + SrtpProfile.SrtcpIndexLength)];
        return TryDecrypt(nonce, [], tag, associated);
    }

    public override int SrtcpIndexOffset(int length) => length - SrtpProfile.SrtcpIndexLength;

    public override void Dispose() => _gcm.Dispose();

    private bool TryDecrypt(ReadOnlySpan<byte> nonce, Span<byte> payload, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> aad)
    {
        try
        {
            _gcm.Decrypt(nonce, payload, tag, payload, aad);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            // AesGcm reports a bad tag only by throwing; forged packets are dropped, not surfaced.
            return false;
        }
    }

    /// <summary>IV = salt XOR (00 00 || SSRC || ROC || SEQ) (RFC 7714 §8.1).</summary>
    private void WriteRtpNonce(Span<byte> nonce, uint ssrc, ulong index)
    {
        nonce.Clear();
        BinaryPrimitives.WriteUInt64BigEndian(nonce[4..], index);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        XorSalt(nonce);
    }

    /// <summary>IV = salt XOR (00 00 || SSRC || 00 00 || 0 || SRTCP index) (RFC 7714 §9.1).</summary>
    private void WriteRtcpNonce(Span<byte> nonce, uint ssrc, uint index)
    {
        nonce.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], index);
        XorSalt(nonce);
    }

    private void XorSalt(Span<byte> nonce)
    {
        for (var i = 0; i < NonceLength; i++)
        {
            nonce[i] ^= _salt[i];
        }
    }
}
