using MyVid.WebRtc.Srtp;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using SrtpProtectionProfile = MyVid.WebRtc.Srtp.SrtpProtectionProfile;

namespace MyVid.WebRtc.Dtls;

/// <summary>What our BouncyCastle server and client (<see cref="DtlsSrtpServer"/>, <see cref="DtlsSrtpClient"/>) share.</summary>
internal static class DtlsSrtpHandshake
{
    /// <summary>
    /// ECDHE_ECDSA only, AES-128-GCM first: our key is ECDSA, and given RSA suites BouncyCastle would pick one it has
    /// no key for (internal_error). CBC-SHA stays for old peers.
    /// </summary>
    private static readonly int[] CipherSuites =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    ];

    /// <summary>DTLS 1.2 only (RFC 6347): BouncyCastle's default list is TLS versions (protocol_version alert).</summary>
    internal static ProtocolVersion[] Versions { get; } = ProtocolVersion.DTLSv12.Only();

    internal static int[] SupportedCipherSuites(TlsCrypto crypto) =>
        TlsUtilities.GetSupportedCipherSuites(crypto, CipherSuites);

    /// <summary>Signs with our P-256 key; every WebRTC peer offers ecdsa_secp256r1_sha256.</summary>
    internal static TlsCredentialedSigner Signer(TlsContext context, BcTlsCrypto crypto, DtlsCertificate certificate) =>
        new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, certificate.PrivateKey,
            certificate.ToTlsCertificate(crypto), SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));

    /// <summary>
    /// The peer is who the SDP said (RFC 8827 6.5): its end-entity certificate must hash to the expected fingerprint.
    /// BouncyCastle has already checked the peer holds that certificate's key.
    /// </summary>
    internal static void VerifyPeer(Certificate? certificate, DtlsFingerprint expected)
    {
        if (certificate is null || certificate.IsEmpty)
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "Peer sent no certificate.");
        if (!expected.Matches(certificate.GetCertificateAt(0).GetEncoded()))
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "Peer certificate does not match the SDP fingerprint.");
    }

    /// <summary>The first of our preferred profiles the peer offered (RFC 5764 4.1.1), or null.</summary>
    internal static SrtpProtectionProfile? Select(IReadOnlyList<SrtpProtectionProfile> preferred, UseSrtpData? offered)
    {
        if (offered is null)
            return null;
        foreach (SrtpProtectionProfile profile in preferred)
        {
            if (Array.IndexOf(offered.ProtectionProfiles, (int)profile) >= 0)
                return profile;
        }
        return null;
    }

    /// <summary>RFC 5764 4.2: the exporter with label EXTRACTOR-dtls_srtp, no context, 2 × (key + salt) bytes.</summary>
    internal static DtlsKeyingMaterial Export(TlsContext context, SrtpProtectionProfile id, bool isClient)
    {
        SrtpProfile profile = SrtpProfile.Get(id);
        return new(profile, context.ExportKeyingMaterial(SrtpKeyingMaterial.ExporterLabel, null, profile.KeyingMaterialLength), isClient);
    }

    internal static int TimeoutMillis(DtlsOptions options) =>
        (int)Math.Clamp(options.HandshakeTimeout.TotalMilliseconds, 1, int.MaxValue);

    internal static string DescribeFailure(Exception e) => e switch
    {
        TlsFatalAlertReceived received => $"Peer sent fatal alert {AlertDescription.GetText(received.AlertDescription)}.",
        TlsFatalAlert sent => $"Sent fatal alert {AlertDescription.GetText(sent.AlertDescription)}: {sent.Message}",
        TlsTimeoutException => "Handshake timed out.",
        _ => e.Message,
    };
}

/// <summary>What a finished handshake leaves for <see cref="DtlsConnection"/>.</summary>
internal interface IDtlsSrtpPeer
{
    /// <summary>The exported SRTP keys, set when the handshake completes.</summary>
    DtlsKeyingMaterial? Keys { get; }

    /// <summary>True once the peer's close_notify arrived.</summary>
    bool CloseNotifyReceived { get; }
}
