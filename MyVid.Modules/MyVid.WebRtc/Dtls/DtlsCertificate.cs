using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls.Crypto;
using TlsCertificateChain = Org.BouncyCastle.Tls.Certificate;

namespace MyVid.WebRtc.Dtls;

/// <summary>
/// Our DTLS identity: a self-signed ECDSA P-256 certificate (RFC 8827 6.5 asks for nothing more; peers trust it by the
/// SDP fingerprint). Making one costs milliseconds, so make it once per process or node and share it.
/// </summary>
public sealed class DtlsCertificate
{
    private readonly byte[] _der;

    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey)
    {
        _der = der;
        PrivateKey = privateKey;
        Fingerprint = DtlsFingerprint.Compute(der, HashAlgorithmName.SHA256);
    }

    /// <summary>The certificate's DER encoding, as sent in the DTLS Certificate message.</summary>
    public ReadOnlySpan<byte> Der => _der;

    /// <summary>The SHA-256 fingerprint to put in our SDP's <c>a=fingerprint</c>.</summary>
    public DtlsFingerprint Fingerprint { get; }

    internal AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>
    /// Creates a certificate valid from a day before <paramref name="now"/> (clock skew) for <paramref name="validity"/>
    /// (default 30 days, as browsers do; WebRTC peers check the fingerprint, not the dates).
    /// </summary>
    public static DtlsCertificate Create(DateTimeOffset now, TimeSpan? validity = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=WebRTC", key, HashAlgorithmName.SHA256);
        using X509Certificate2 certificate =
            request.CreateSelfSigned(now.AddDays(-1), now + (validity ?? TimeSpan.FromDays(30)));
        // .NET makes the key, BouncyCastle signs with it: PKCS#8 carries it across.
        byte[] pkcs8 = key.ExportPkcs8PrivateKey();
        try
        {
            return new DtlsCertificate(certificate.RawData, PrivateKeyFactory.CreateKey(pkcs8));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    internal TlsCertificateChain ToTlsCertificate(TlsCrypto crypto) => new([crypto.CreateCertificate(_der)]);
}
