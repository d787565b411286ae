using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using MyVid.WebRtc.Rtp;

namespace MyVid.WebRtc.Srtp;

/// <summary>
/// One direction of an SRTP session (RFC 3711 §3.2): the RTP and RTCP session keys derived from a master
/// key and salt, and per-SSRC rollover counters, replay windows and SRTCP indexes. Protect with the local
/// context, unprotect with the remote one. Not thread-safe; packets allocate nothing once an SSRC is known.
/// </summary>
public sealed class SrtpContext : IDisposable
{
    private const int RtcpHeaderLength = 8;

    private readonly SrtpCipher _rtp;
    private readonly SrtpCipher _rtcp;
    private readonly int _replayWindowSize;
    private readonly Dictionary<uint, SrtpStreamState> _streams = [];

    internal SrtpContext(SrtpProfile profile, SrtpCipher rtp, SrtpCipher rtcp, int replayWindowSize)
    {
        Profile = profile;
        _rtp = rtp;
        _rtcp = rtcp;
        _replayWindowSize = replayWindowSize;
    }

    public SrtpProfile Profile { get; }

    /// <summary>Derives the six session keys (RFC 3711 §4.3, KDR 0) and builds a context.</summary>
    /// <param name="replayWindowSize">64 (the RFC 3711 minimum) or 128 packets.</param>
    public static SrtpContext Create(
        SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, int replayWindowSize = 128)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (masterKey.Length != profile.KeyLength || masterSalt.Length != profile.SaltLength)
        {
            throw new ArgumentException($"{profile} needs a {profile.KeyLength}-byte key and a {profile.SaltLength}-byte salt.");
        }

        if (replayWindowSize is not (64 or ReplayWindow.MaxSize))
        {
            throw new ArgumentOutOfRangeException(nameof(replayWindowSize), "The replay window holds 64 or 128 packets.");
        }

        Span<byte> key = stackalloc byte[profile.KeyLength];
        Span<byte> salt = stackalloc byte[profile.SaltLength];
        Span<byte> auth = stackalloc byte[profile.AuthKeyLength];
        using var prf = new AesCounterMode(masterKey);
        try
        {
            var rtp = CreateCipher(profile, prf, masterSalt, SrtpKeyDerivation.RtpEncryption, key, salt, auth);
            var rtcp = CreateCipher(profile, prf, masterSalt, SrtpKeyDerivation.RtcpEncryption, key, salt, auth);
            return new SrtpContext(profile, rtp, rtcp, replayWindowSize);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(salt);
            CryptographicOperations.ZeroMemory(auth);
        }
    }

    /// <summary>
    /// Encrypts <c>buffer[..length]</c>, an RTP packet, in place and appends its tag; <paramref name="buffer"/>
    /// needs <see cref="SrtpProfile.RtpOverhead"/> spare bytes after <paramref name="length"/>.
    /// </summary>
    public bool TryProtectRtp(Span<byte> buffer, int length, out int newLength)
    {
        newLength = 0;
        if ((uint)length > (uint)buffer.Length || buffer.Length - length < Profile.RtpOverhead
            || !RtpHeader.TryGetHeaderLength(buffer[..length], out var headerLength))
        {
            return false;
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[8..]);
        var stream = GetOrAddStream(ssrc);
        if (!stream.Rtp.TryEstimateRtpIndex(BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]), out var index))
        {
            return false;
        }

        _rtp.ProtectRtp(buffer, headerLength, length, ssrc, index);
        stream.Rtp.Accept(index);
        newLength = length + Profile.RtpOverhead;
        return true;
    }

    /// <summary>
    /// Authenticates and decrypts an SRTP packet in place. False, with nothing learnt, for a malformed packet,
    /// a bad tag, a replay or a packet older than the replay window.
    /// </summary>
    public bool TryUnprotectRtp(Span<byte> packet, out int plainLength)
    {
        plainLength = 0;
        var length = packet.Length - Profile.RtpOverhead;
        if (length < 0 || !RtpHeader.TryGetHeaderLength(packet[..length], out var headerLength))
        {
            return false;
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        var window = _streams.TryGetValue(ssrc, out var known) ? known.Rtp : ReplayWindow.Empty;
        if (!window.TryEstimateRtpIndex(BinaryPrimitives.ReadUInt16BigEndian(packet[2..]), out var index)
            || !window.CanAccept(index, _replayWindowSize)
            || !_rtp.UnprotectRtp(packet, headerLength, ssrc, index))
        {
            return false;
        }

        // Only authenticated packets create or move stream state, so forgeries cannot grow or skew it.
        GetOrAddStream(ssrc).Rtp.Accept(index);
        plainLength = length;
        return true;
    }

    /// <summary>
    /// Encrypts <c>buffer[..length]</c>, a (compound) RTCP packet, in place and appends the tag and SRTCP
    /// index; <paramref name="buffer"/> needs <see cref="SrtpProfile.RtcpOverhead"/> spare bytes.
    /// </summary>
    public bool TryProtectRtcp(Span<byte> buffer, int length, out int newLength)
    {
        newLength = 0;
        if ((uint)length > (uint)buffer.Length || buffer.Length - length < Profile.RtcpOverhead
            || !IsRtcpHeader(buffer[..length]))
        {
            return false;
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]);
        var stream = GetOrAddStream(ssrc);
        var index = stream.NextRtcpIndex;
        stream.NextRtcpIndex = (index + 1) & 0x7FFF_FFFFu;
        _rtcp.ProtectRtcp(buffer, length, ssrc, index);
        newLength = length + Profile.RtcpOverhead;
        return true;
    }

    /// <summary>Authenticates and, if its E flag says so, decrypts an SRTCP packet in place.</summary>
    public bool TryUnprotectRtcp(Span<byte> packet, out int plainLength)
    {
        plainLength = 0;
        var length = packet.Length - Profile.RtcpOverhead;
        if (length < RtcpHeaderLength || !IsRtcpHeader(packet))
        {
            return false;
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        var word = BinaryPrimitives.ReadUInt32BigEndian(packet[_rtcp.SrtcpIndexOffset(packet.Length)..]);
        var index = word & 0x7FFF_FFFFu;
        var window = _streams.TryGetValue(ssrc, out var known) ? known.Rtcp : ReplayWindow.Empty;
        if (!window.CanAccept(index, _replayWindowSize)
            || !_rtcp.UnprotectRtcp(packet, ssrc, index, encrypted: (word & 0x8000_0000u) != 0))
        {
            return false;
        }

        GetOrAddStream(ssrc).Rtcp.Accept(index);
        plainLength = length;
        return true;
    }

    public void Dispose()
    {
        _rtp.Dispose();
        _rtcp.Dispose();
    }

    private static SrtpCipher CreateCipher(
        SrtpProfile profile, AesCounterMode prf, ReadOnlySpan<byte> masterSalt, byte encryptionLabel,
        Span<byte> key, Span<byte> salt, Span<byte> auth)
    {
        // Labels come in threes: encryption, authentication, salt (RFC 3711 §4.3.2, §4.3.3).
        SrtpKeyDerivation.Derive(prf, masterSalt, encryptionLabel, key);
        SrtpKeyDerivation.Derive(prf, masterSalt, (byte)(encryptionLabel + 1), auth);
        SrtpKeyDerivation.Derive(prf, masterSalt, (byte)(encryptionLabel + 2), salt);
        return SrtpCipher.Create(profile, key, salt, auth);
    }

    private static bool IsRtcpHeader(ReadOnlySpan<byte> packet) => packet.Length >= RtcpHeaderLength && packet[0] >> 6 == 2;

    private SrtpStreamState GetOrAddStream(uint ssrc)
    {
        ref var stream = ref CollectionsMarshal.GetValueRefOrAddDefault(_streams, ssrc, out _);
        return stream ??= new SrtpStreamState();
    }
}
