using System.Buffers;
using System.Security.Cryptography;

namespace MyVid.WebRtc.Ice;

/// <summary>
/// ICE username fragment and password (RFC 8839 §5.4): ice-chars only (ALPHA, DIGIT, '+', '/'), ufrag 4..256
/// and password 22..256 characters.
/// </summary>
public sealed record IceCredentials
{
    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static readonly SearchValues<char> IceCharValues = SearchValues.Create(IceChars);

    public IceCredentials(string ufrag, string password)
    {
        Ufrag = Check(ufrag, 4, nameof(ufrag));
        Password = Check(password, 22, nameof(password));
    }

    public string Ufrag { get; }

    public string Password { get; }

    /// <summary>
    /// Fresh credentials: 8-character ufrag (48 bits) and 24-character password (144 bits), above the 24 and 128 bits
    /// RFC 8445 §5.3 asks for. The 64 ice-chars make each random byte's low 6 bits an unbiased pick.
    /// </summary>
    public static IceCredentials Generate(RandomNumberGenerator random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Span<byte> bytes = stackalloc byte[32];
        random.GetBytes(bytes);
        Span<char> chars = stackalloc char[32];
        for (int i = 0; i < bytes.Length; i++)
        {
            chars[i] = IceChars[bytes[i] & 63];
        }

        return new IceCredentials(new string(chars[..8]), new string(chars[8..]));
    }

    private static string Check(string value, int minLength, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        if (value.Length < minLength || value.Length > 256 || value.AsSpan().IndexOfAnyExcept(IceCharValues) >= 0)
        {
            throw new ArgumentException($"Not {minLength}..256 ice-chars.", name);
        }

        return value;
    }
}
