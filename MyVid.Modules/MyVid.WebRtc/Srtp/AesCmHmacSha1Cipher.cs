using System.Buffers.Binary;
using System.Security.Cryptography;

namespace MyVid.WebRtc.Srtp;

/// <summary>
/// AES-128 counter mode with an HMAC-SHA1 tag (RFC 3711 §4.1.1, §4.2). The SRTCP trailer is the
/// E flag + index word followed by the tag, both authenticated in that order (§3.4).
/// </summary>
internal sealed class AesCmHmacSha1Cipher : SrtpCipher
{
    private const int RtcpHeaderLength = 8;

    private readonly AesCounterMode _ctr;
    private readonly IncrementalHash _hmac;
    private readonly byte[] _salt;
    private readonly int _tagLength;

    public AesCmHmacSha1Cipher(ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> authKey, int tagLength)
    {
        _ctr = new AesCounterMode(key);
        _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, authKey);
        _salt = salt.ToArray();
        _tagLength = tagLength;
    }

    public override void ProtectRtp(Span<byte> buffer, int headerLength, int length, uint ssrc, ulong index)
    {
        ApplyKeystream(ssrc, index, buffer[headerLength..length]);
        WriteRtpTag(buffer[..length], (uint)(index >> 16), buffer.Slice(length, _tagLength));
    }

    public override bool UnprotectRtp(Span<byte> packet, int headerLength, uint ssrc, ulong index)
    {
        var authenticated = packet.Length - _tagLength;
        Span<byte> expected = stackalloc byte[_tagLength];
        WriteRtpTag(packet[..authenticated], (uint)(index >> 16), expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, packet[authenticated..]))
        {
            return false;
        }

        ApplyKeystream(ssrc, index, packet[headerLength..authenticated]);
        return true;
    }

    public override void ProtectRtcp(Span<byte> buffer, int length, uint ssrc, uint index)
    {
        ApplyKeystream(ssrc, index, buffer[RtcpHeaderLength..length]);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[length..], 0x8000_0000u | index);
        var authenticated = length + SrtpProfile.SrtcpIndexLength;
        WriteTag(buffer[..authenticated], buffer.Slice(authenticated, _tagLength));
    }

    public override bool UnprotectRtcp(Span<byte> packet, uint ssrc, uint index, bool encrypted)
    {
        var authenticated = packet.Length - _tagLength;
        Span<byte> expected = stackalloc byte[_tagLength];
        WriteTag(packet[..authenticated], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, packet[authenticated..]))
        {
            return false;
        }

        if (encrypted)
        {
            ApplyKeystream(ssrc, index, packet[RtcpHeaderLength..(authenticated - SrtpProfile.SrtcpIndexLength)]);
        }

        return true;
    }

    public override int SrtcpIndexOffset(int length) => length - _tagLength - SrtpProfile.SrtcpIndexLength;

    public override void Dispose()
    {
        _ctr.Dispose();
        _hmac.Dispose();
    }

    /// <summary>IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16) (RFC 3711 §4.1.1).</summary>
    private void ApplyKeystream(uint ssrc, ulong index, Span<byte> data)
    {
        Span<byte> iv = stackalloc byte[16];
        iv.Clear();
        // The 48-bit index fills bytes 8..13; its two zero top bytes are then overwritten by the SSRC.
        BinaryPrimitives.WriteUInt64BigEndian(iv[6..], index);
        BinaryPrimitives.WriteUInt32BigEndian(iv[4..], ssrc);
        for (var i = 0; i < _salt.Length; i++)
        {
            iv[i] ^= _salt[i];
        }

        _ctr.Apply(iv, data);
    }

    /// <summary>The RTP tag covers the packet followed by the rollover counter (RFC 3711 §4.2).</summary>
    private void WriteRtpTag(ReadOnlySpan<byte> authenticated, uint roc, Span<byte> tag)
    {
        Span<byte> rocBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(rocBytes, roc);
        _hmac.AppendData(authenticated);
        _hmac.AppendData(rocBytes);
        FinishTag(tag);
    }

    private void WriteTag(ReadOnlySpan<byte> authenticated, Span<byte> tag)
    {
        _hmac.AppendData(authenticated);
        FinishTag(tag);
    }

    private void FinishTag(Span<byte> tag)
    {
        Span<byte> mac = stackalloc byte[HMACSHA1.HashSizeInBytes];
        _hmac.GetHashAndReset(mac);
        mac[..tag.Length].CopyTo(tag);
    }
}
