namespace MyVid.WebRtc.Sdp;

/// <summary>RFC 4145 §4 / RFC 8842 §5: the a=setup value, which decides the DTLS client and server.</summary>
public enum DtlsSetup
{
    ActPass,
    Active,
    Passive,
    HoldConn,
}
