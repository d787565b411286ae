using System.Security.Cryptography;
using System.Text;

namespace MyVid.Platform.Storage.Local;

/// <summary>
/// HMAC-SHA256 signatures for the local store's URLs: the method, bucket, key and expiry are signed, so a URL
/// can be neither reused for another object or method nor extended.
/// </summary>
internal sealed class UrlSigner(byte[] key)
{
    /// <param name="part">For a multipart part URL, its upload id and part number; they are signed too.</param>
    public string Sign(string method, string bucket, string objectKey, long expiresUnix, string? part = null)
    {
        var text = $"{method}\n{bucket}\n{objectKey}\n{expiresUnix}";
        var payload = Encoding.UTF8.GetBytes(part is null ? text : text + "\n" + part);
        return Base64Url(HMACSHA256.HashData(key, payload));
    }

    public bool Verify(string method, string bucket, string objectKey, long expiresUnix, string signature, string? part = null)
    {
        var expected = Encoding.ASCII.GetBytes(Sign(method, bucket, objectKey, expiresUnix, part));
        var given = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
