using System.Security.Cryptography;
using System.Text;

namespace MyVid.Platform.Storage.Local;

/// <summary>
/// HMAC-SHA256 signatures for the local store's URLs: the method, bucket, key and expiry are signed, so a URL
/// can be neither reused for another object or method nor extended.
/// </summary>
internal sealed class UrlSigner(byte[] key)
{
    public string Sign(string method, string bucket, string objectKey, long expiresUnix)
    {
        var payload = Encoding.UTF8.GetBytes($"{method}\n{bucket}\n{objectKey}\n{expiresUnix}");
        return Base64Url(HMACSHA256.HashData(key, payload));
    }

    public bool Verify(string method, string bucket, string objectKey, long expiresUnix, string signature)
    {
        var expected = Encoding.ASCII.GetBytes(Sign(method, bucket, objectKey, expiresUnix));
        var given = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
