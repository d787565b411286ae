namespace MyVid.WebRtc.Sdp;

/// <summary>The media type of an m= line that WebRTC uses (RFC 8866 §5.14).</summary>
public enum MediaKind
{
    /// <summary>A media type this library does not negotiate ("text", "message", ...).</summary>
    Other,
    Audio,
    Video,
    Application,
}

/// <summary>RFC 8866 §6.7: sendrecv, sendonly, recvonly, inactive.</summary>
public enum MediaDirection
{
    SendRecv,
    SendOnly,
    RecvOnly,
    Inactive,
}

/// <summary>RFC 4145 §4 / RFC 8842 §5: the a=setup value, which decides the DTLS client and server.</summary>
public enum DtlsSetup
{
    ActPass,
    Active,
    Passive,
    HoldConn,
}

/// <summary>The DTLS role a peer takes once a=setup is negotiated (RFC 8842 §5.3).</summary>
public enum DtlsRole
{
    Client,
    Server,
}
