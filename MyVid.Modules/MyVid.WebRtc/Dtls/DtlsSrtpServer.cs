using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using SrtpProtectionProfile = MyVid.WebRtc.Srtp.SrtpProtectionProfile;

namespace MyVid.WebRtc.Dtls;

/// <summary>
/// BouncyCastle's server narrowed to WebRTC: DTLS 1.2, ECDHE_ECDSA, a required client certificate checked against the
/// SDP fingerprint, and use_srtp (RFC 5764 4.1) choosing by our preference.
/// </summary>
internal sealed class DtlsSrtpServer(
    BcTlsCrypto crypto, DtlsCertificate certificate, DtlsFingerprint remoteFingerprint, DtlsOptions options)
    : DefaultTlsServer(crypto), IDtlsSrtpPeer
{
    private SrtpProtectionProfile _profile;

    public DtlsKeyingMaterial? Keys { get; private set; }

    public bool CloseNotifyReceived { get; private set; }

    public override int GetHandshakeTimeoutMillis() => DtlsSrtpHandshake.TimeoutMillis(options);

    protected override ProtocolVersion[] GetSupportedVersions() => DtlsSrtpHandshake.Versions;

    protected override int[] GetSupportedCipherSuites() => DtlsSrtpHandshake.SupportedCipherSuites(Crypto);

    // Our order, not the client's: AES-128-GCM whenever offered.
    protected override bool PreferLocalCipherSuites() => true;

    protected override TlsCredentialedSigner GetECDsaSignerCredentials() =>
        DtlsSrtpHandshake.Signer(m_context, crypto, certificate);

    // WebRTC peers always have a certificate; asking for it is how we authenticate them.
    public override CertificateRequest GetCertificateRequest() =>
        new([ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign],
            TlsUtilities.GetDefaultSupportedSignatureAlgorithms(m_context), null);

    public override void NotifyClientCertificate(Certificate clientCertificate) =>
        DtlsSrtpHandshake.VerifyPeer(clientCertificate, remoteFingerprint);

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        _profile = DtlsSrtpHandshake.Select(options.SrtpProfiles, TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions))
            ?? throw new TlsFatalAlert(AlertDescription.handshake_failure, "No common SRTP protection profile.");
    }

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        IDictionary<int, byte[]> extensions = base.GetServerExtensions();
        // WebRTC uses no MKI (RFC 8827 6.5), so ours is empty.
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([(int)_profile], TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        Keys = DtlsSrtpHandshake.Export(m_context, _profile, isClient: false);
    }

    public override void NotifyAlertReceived(short alertLevel, short alertDescription)
    {
        if (alertDescription == AlertDescription.close_notify)
            CloseNotifyReceived = true;
    }
}
