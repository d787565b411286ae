using System.Security.Cryptography;
using System.Text;

namespace MyVid.Upload.Starting;

/// <summary>
/// The secret that lets only the uploader publish (or resume) an upload: 256 random bits, base64url. The database
/// holds only its SHA-256, so a leaked table publishes nothing.
/// </summary>
internal static class UploadToken
{
    public static string New() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static bool Matches(string token, string hash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(token)), Encoding.ASCII.GetBytes(hash));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
