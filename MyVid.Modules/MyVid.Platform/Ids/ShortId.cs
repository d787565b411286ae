using System.Security.Cryptography;

namespace MyVid.Platform.Ids;

/// <summary>
/// Client-generated, URL-safe ids (base62). Generated before the write, so a retried insert after a
/// Galera failover carries the same id and cannot create a duplicate.
/// </summary>
public static class ShortId
{
    /// <summary>10 base62 characters ≈ 59.5 bits: collisions stay negligible well past millions of videos.</summary>
    public const int DefaultLength = 10;

    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string New(int length = DefaultLength) =>
        RandomNumberGenerator.GetString(Alphabet, length);

    /// <summary>A stable id derived from an external key, e.g. a media.ccc.de event guid.</summary>
    public static string FromKey(string prefix, string key, int length = 8)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key), hash);
        var value = BitConverter.ToUInt64(hash);
        return string.Create(prefix.Length + length, (prefix, value), static (chars, state) =>
        {
            state.prefix.AsSpan().CopyTo(chars);
            var v = state.value;
            for (var i = state.prefix.Length; i < chars.Length; i++)
            {
                chars[i] = Alphabet[(int)(v % 62)];
                v /= 62;
            }
        });
    }

    /// <summary>Ids are short base62 strings; anything else is not an id of ours and is refused before a query.</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: > 0 and <= 32 } && id.All(char.IsAsciiLetterOrDigit);
}
