using System.Security.Cryptography;
using System.Text;

namespace MyVid.WebRtc.Stun;

/// <summary>
/// The key of MESSAGE-INTEGRITY (HMAC-SHA1, RFC 8489 §14.5) with a reused HMAC instance, so that checking and
/// signing allocate nothing. Not thread-safe: one owner (an ICE agent) uses it at a time.
/// </summary>
public sealed class StunIntegrityKey : IDisposable
{
    public const int MacLength = 20;

    private readonly IncrementalHash _hmac;

    public StunIntegrityKey(ReadOnlySpan<byte> key)
    {
        _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, key);
    }

    /// <summary>
    /// The short-term credential key is the SASLprep'ed password (RFC 8489 §9.1.1). ICE passwords are ice-chars
    /// (RFC 8839 §5.4: ALPHA, DIGIT, '+', '/'), on which SASLprep is the identity, so plain UTF-8 is enough.
    /// </summary>
    public static StunIntegrityKey ForShortTermPassword(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return new StunIntegrityKey(Encoding.UTF8.GetBytes(password));
    }

    /// <summary>
    /// HMAC over <paramref name="headerWithAdjustedLength"/> (20 bytes) followed by <paramref name="attributes"/>:
    /// split so that callers never copy the message to patch its length field.
    /// </summary>
    internal void Compute(ReadOnlySpan<byte> headerWithAdjustedLength, ReadOnlySpan<byte> attributes, Span<byte> mac)
    {
        _hmac.AppendData(headerWithAdjustedLength);
        _hmac.AppendData(attributes);
        _hmac.TryGetHashAndReset(mac, out _);
    }

    public void Dispose() => _hmac.Dispose();
}
