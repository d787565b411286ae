namespace MyVid.WebRtc.Sdp;

/// <summary>RFC 8866 §6.7: sendrecv, sendonly, recvonly, inactive.</summary>
public enum MediaDirection
{
    SendRecv,
    SendOnly,
    RecvOnly,
    Inactive,
}
