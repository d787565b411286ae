namespace MyVid.WebRtc.Sdp;

/// <summary>Our ICE (RFC 8839) and DTLS (RFC 8842) parameters as they go into an offer or an answer.</summary>
public sealed class LocalTransport
{
    public LocalTransport(string iceUfrag, string icePwd, SdpFingerprint fingerprint)
    {
        IceUfrag = iceUfrag;
        IcePwd = icePwd;
        Fingerprint = fingerprint;
    }

    public string IceUfrag { get; }

    public string IcePwd { get; }

    public SdpFingerprint Fingerprint { get; }

    /// <summary>RFC 8445 §2.5: a lite agent only answers checks; MyVid's server is one.</summary>
    public bool IceLite { get; set; } = true;

    /// <summary>
    /// The setup we answer an actpass offer with. Passive makes us the DTLS server, which a lite agent that
    /// never starts checks wants: the browser's ClientHello follows its own connectivity checks.
    /// </summary>
    public DtlsSetup AnswerSetup { get; set; } = DtlsSetup.Passive;

    /// <summary>Our a=candidate values; a lite agent knows them all up front, so end-of-candidates follows.</summary>
    public IList<string> Candidates { get; } = new List<string>();
}
