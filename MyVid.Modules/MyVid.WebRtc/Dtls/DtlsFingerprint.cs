using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace MyVid.WebRtc.Dtls;

/// <summary>
/// A certificate fingerprint as carried by SDP's <c>a=fingerprint</c> (RFC 8122 5):
/// <c>hash-func SP 2UHEX *(":" 2UHEX)</c>, e.g. <c>sha-256 AB:CD:...</c>.
/// WebRTC authenticates the DTLS peer by this fingerprint alone (RFC 8827 6.5), not by a CA chain.
/// </summary>
public sealed class DtlsFingerprint : IEquatable<DtlsFingerprint>
{
    private readonly byte[] _digest;

    private DtlsFingerprint(HashAlgorithmName algorithm, byte[] digest)
    {
        Algorithm = algorithm;
        _digest = digest;
    }

    /// <summary>The hash function: SHA-1, SHA-256, SHA-384 or SHA-512.</summary>
    public HashAlgorithmName Algorithm { get; }

    /// <summary>The digest of the certificate's DER encoding.</summary>
    public ReadOnlySpan<byte> Digest => _digest;

    /// <summary>Hashes a DER-encoded certificate with <paramref name="algorithm"/>.</summary>
    public static DtlsFingerprint Compute(ReadOnlySpan<byte> certificateDer, HashAlgorithmName algorithm)
    {
        int length = DigestLength(algorithm);
        if (length == 0)
            throw new ArgumentException($"Unsupported fingerprint hash {algorithm}.", nameof(algorithm));
        var digest = new byte[length];
        CryptographicOperations.HashData(algorithm, certificateDer, digest);
        return new DtlsFingerprint(algorithm, digest);
    }

    /// <summary>Parses the value of an <c>a=fingerprint</c> attribute; hash names and hex digits in any case.</summary>
    public static bool TryParse(ReadOnlySpan<char> value, [NotNullWhen(true)] out DtlsFingerprint? fingerprint)
    {
        fingerprint = null;
        value = value.Trim();
        int space = value.IndexOf(' ');
        if (space <= 0)
            return false;
        HashAlgorithmName algorithm = ParseHashName(value[..space]);
        int length = DigestLength(algorithm);
        ReadOnlySpan<char> hex = value[(space + 1)..].TrimStart();
        // Each byte is two hex digits, with one colon between bytes.
        if (length == 0 || hex.Length != (3 * length) - 1)
            return false;
        var digest = new byte[length];
        for (int i = 0; i < length; i++)
        {
            int at = 3 * i;
            if (i > 0 && hex[at - 1] != ':')
                return false;
            int high = HexValue(hex[at]);
            int low = HexValue(hex[at + 1]);
            if (high < 0 || low < 0)
                return false;
            digest[i] = (byte)((high << 4) | low);
        }
        fingerprint = new DtlsFingerprint(algorithm, digest);
        return true;
    }

    /// <summary>True when <paramref name="certificateDer"/> hashes to this fingerprint.</summary>
    public bool Matches(ReadOnlySpan<byte> certificateDer)
    {
        Span<byte> actual = stackalloc byte[64];
        actual = actual[.._digest.Length];
        CryptographicOperations.HashData(Algorithm, certificateDer, actual);
        return CryptographicOperations.FixedTimeEquals(actual, _digest);
    }

    /// <summary>The SDP form, e.g. <c>sha-256 AB:CD:...</c> (upper-case hex as RFC 8122's grammar asks).</summary>
    public override string ToString()
    {
        string name = HashName(Algorithm);
        return string.Create(name.Length + (3 * _digest.Length), (name, _digest), static (chars, state) =>
        {
            const string HexDigits = "0123456789ABCDEF";
            state.name.AsSpan().CopyTo(chars);
            chars = chars[state.name.Length..];
            for (int i = 0; i < state._digest.Length; i++)
            {
                // A space before the first byte, a colon before every other one.
                chars[3 * i] = i == 0 ? ' ' : ':';
                chars[(3 * i) + 1] = HexDigits[state._digest[i] >> 4];
                chars[(3 * i) + 2] = HexDigits[state._digest[i] & 0xF];
            }
        });
    }

    /// <inheritdoc/>
    public bool Equals(DtlsFingerprint? other) =>
        other is not null && Algorithm == other.Algorithm && _digest.AsSpan().SequenceEqual(other._digest);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as DtlsFingerprint);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Algorithm, BitConverter.ToInt32(_digest, 0));

    private static HashAlgorithmName ParseHashName(ReadOnlySpan<char> name)
    {
        if (name.Equals("sha-1", StringComparison.OrdinalIgnoreCase))
            return HashAlgorithmName.SHA1;
        if (name.Equals("sha-256", StringComparison.OrdinalIgnoreCase))
            return HashAlgorithmName.SHA256;
        if (name.Equals("sha-384", StringComparison.OrdinalIgnoreCase))
            return HashAlgorithmName.SHA384;
        if (name.Equals("sha-512", StringComparison.OrdinalIgnoreCase))
            return HashAlgorithmName.SHA512;
        return default;
    }

    private static string HashName(HashAlgorithmName algorithm) =>
        algorithm == HashAlgorithmName.SHA1 ? "sha-1"
        : algorithm == HashAlgorithmName.SHA256 ? "sha-256"
        : algorithm == HashAlgorithmName.SHA384 ? "sha-384"
        : "sha-512";

    private static int DigestLength(HashAlgorithmName algorithm) =>
        algorithm == HashAlgorithmName.SHA1 ? 20
        : algorithm == HashAlgorithmName.SHA256 ? 32
        : algorithm == HashAlgorithmName.SHA384 ? 48
        : algorithm == HashAlgorithmName.SHA512 ? 64
        : 0;

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'F' => c - 'A' + 10,
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => -1,
    };
}
