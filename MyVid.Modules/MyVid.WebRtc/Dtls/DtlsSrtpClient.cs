using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using SrtpProtectionProfile = MyVid.WebRtc.Srtp.SrtpProtectionProfile;

namespace MyVid.WebRtc.Dtls;

/// <summary>
/// BouncyCastle's client narrowed to WebRTC: DTLS 1.2, ECDHE_ECDSA, use_srtp offered in our preference order
/// (RFC 5764 4.1), our certificate sent when asked, the server's checked against the SDP fingerprint.
/// </summary>
internal sealed class DtlsSrtpClient(
    BcTlsCrypto crypto, DtlsCertificate certificate, DtlsFingerprint remoteFingerprint, DtlsOptions options)
    : DefaultTlsClient(crypto), IDtlsSrtpPeer, TlsAuthentication
{
    private SrtpProtectionProfile _profile;

    public DtlsKeyingMaterial? Keys { get; private set; }

    public bool CloseNotifyReceived { get; private set; }

    public override int GetHandshakeTimeoutMillis() => DtlsSrtpHandshake.TimeoutMillis(options);

    protected override ProtocolVersion[] GetSupportedVersions() => DtlsSrtpHandshake.Versions;

    protected override int[] GetSupportedCipherSuites() => DtlsSrtpHandshake.SupportedCipherSuites(Crypto);

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        IDictionary<int, byte[]> extensions = base.GetClientExtensions() ?? new Dictionary<int, byte[]>();
        var profiles = new int[options.SrtpProfiles.Count];
        for (int i = 0; i < profiles.Length; i++)
            profiles[i] = (int)options.SrtpProfiles[i];
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData(profiles, TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        // RFC 5764 4.1.1: the server answers with exactly one of the profiles we offered.
        UseSrtpData? chosen = serverExtensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions);
        if (chosen is null || chosen.ProtectionProfiles.Length != 1)
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "Server chose no single SRTP protection profile.");
        _profile = DtlsSrtpHandshake.Select(options.SrtpProfiles, chosen)
            ?? throw new TlsFatalAlert(AlertDescription.illegal_parameter, "Server chose an SRTP profile we did not offer.");
    }

    public override TlsAuthentication GetAuthentication() => this;

    public void NotifyServerCertificate(TlsServerCertificate serverCertificate) =>
        DtlsSrtpHandshake.VerifyPeer(serverCertificate.Certificate, remoteFingerprint);

    public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) =>
        DtlsSrtpHandshake.Signer(m_context, crypto, certificate);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        Keys = DtlsSrtpHandshake.Export(m_context, _profile, isClient: true);
    }

    public override void NotifyAlertReceived(short alertLevel, short alertDescription)
    {
        if (alertDescription == AlertDescription.close_notify)
            CloseNotifyReceived = true;
    }
}
