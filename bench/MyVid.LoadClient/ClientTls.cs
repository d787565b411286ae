using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace MyVid.LoadClient;

/// <summary>
/// wss:// and https:// to a test deployment whose certificate a CA of its own signed (scripts/haproxy.sh):
/// that CA is trusted besides the system's; the host name must still match.
/// </summary>
internal static class ClientTls
{
    /// <summary>The extra CA (<c>--ca FILE</c>); null: the system's trust only.</summary>
    public static X509Certificate2? Root { get; set; }

    public static void Trust(string caFile) => Root = X509CertificateLoader.LoadCertificateFromFile(caFile);

    public static bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }
        if (Root is null || certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(Root);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return custom.Build(leaf);
    }
}
