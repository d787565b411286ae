namespace MyVid.WebRtc.Dtls;

/// <summary>DTLS record demultiplexing on a socket shared with STUN, RTP and RTCP (RFC 7983 7).</summary>
public static class DtlsRecord
{
    /// <summary>True when the first byte of a datagram falls in the DTLS content-type range 20..63.</summary>
    public static bool IsDtls(ReadOnlySpan<byte> datagram) => datagram.Length > 0 && datagram[0] is >= 20 and <= 63;
}
