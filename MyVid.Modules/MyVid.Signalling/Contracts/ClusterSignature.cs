using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MyVid.Signalling.Contracts;

/// <summary>
/// The cluster-secret signature every media-node request to an endpoint carries (docs/protocol/media-nodes.md):
/// base64url(HMAC-SHA256(secret, <c>METHOD\nPATH\nNODE\nTIMESTAMP\nNONCE\nSHA256-HEX(BODY)</c>)).
/// </summary>
public static class ClusterSignature
{
    public const string NodeHeader = "X-MyVid-Node";
    public const string TimestampHeader = "X-MyVid-Timestamp";
    public const string NonceHeader = "X-MyVid-Nonce";
    public const string SignatureHeader = "X-MyVid-Signature";

    /// <summary>Node names: what a header and a log line can carry safely.</summary>
    public static bool IsValidNodeName(string? name) =>
        name is { Length: > 0 and <= 64 } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>The four headers for one request, with a fresh nonce.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Headers(
        byte[] secret, string method, string path, string node, DateTimeOffset now, ReadOnlySpan<byte> body)
    {
        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        return
        [
            new(NodeHeader, node),
            new(TimestampHeader, timestamp),
            new(NonceHeader, nonce),
            new(SignatureHeader, Compute(secret, method, path, node, timestamp, nonce, BodyHash(body))),
        ];
    }

    public static string BodyHash(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(SHA256.HashData(body));

    public static string Compute(byte[] secret, string method, string path, string node, string timestamp, string nonce, string bodyHash)
    {
        var text = string.Join('\n', method.ToUpperInvariant(), path, node, timestamp, nonce, bodyHash);
        return Base64Url.EncodeToString(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Constant-time comparison of a received signature with the expected one.</summary>
    public static bool Matches(string expected, string? received) =>
        received is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(received));
}
