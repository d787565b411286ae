using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MyVid.Signalling.Ice;

/// <summary>
/// coturn's time-limited credentials (<c>use-auth-secret</c>, the "TURN REST API"): username
/// <c>"&lt;expiry unix time&gt;:&lt;user&gt;"</c>, password base64(HMAC-SHA1(static-auth-secret, username)).
/// </summary>
internal static class TurnCredentials
{
    public static (string Username, string Credential) Create(string secret, string user, DateTimeOffset expiresAt)
    {
        var username = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + ":" + user;
        // SHA-1 is what coturn's REST-API credentials are defined with (an HMAC, where SHA-1 is still sound).
#pragma warning disable CA5350
        var credential = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username)));
#pragma warning restore CA5350
        return (username, credential);
    }
}
