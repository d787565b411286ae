namespace MyVid.WebRtc.Sdp;

/// <summary>The DTLS role a peer takes once a=setup is negotiated (RFC 8842 §5.3).</summary>
public enum DtlsRole
{
    Client,
    Server,
}
