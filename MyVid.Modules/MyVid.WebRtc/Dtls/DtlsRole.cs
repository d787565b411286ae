namespace MyVid.WebRtc.Dtls;

/// <summary>Which side of the DTLS handshake we play (SDP <c>a=setup</c>, RFC 8842 §5.3; <see cref="Sdp.SdpNegotiation"/> derives it).</summary>
public enum DtlsRole
{
    /// <summary>We send the ClientHello (<c>a=setup:active</c>).</summary>
    Client,

    /// <summary>We wait for the ClientHello (<c>a=setup:passive</c>).</summary>
    Server,
}
