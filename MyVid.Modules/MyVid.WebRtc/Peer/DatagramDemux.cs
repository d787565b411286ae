namespace MyVid.WebRtc.Peer;

/// <summary>What one datagram on the shared ICE/DTLS/SRTP socket is.</summary>
internal enum DatagramKind
{
    Unknown,
    Stun,
    Dtls,
    Rtp,
    Rtcp,
}

/// <summary>
/// Demultiplexing by first byte (RFC 7983 §7): STUN 0–3, DTLS 20–63, RTP/RTCP 128–191. With rtcp-mux, RTCP is told
/// from RTP by the second byte, its packet type 192–223 (RFC 5761 §4), which RTP payload types avoid.
/// </summary>
internal static class DatagramDemux
{
    public static DatagramKind Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty)
        {
            return DatagramKind.Unknown;
        }

        return datagram[0] switch
        {
            <= 3 => DatagramKind.Stun,
            >= 20 and <= 63 => DatagramKind.Dtls,
            >= 128 and <= 191 when datagram.Length >= 2 => datagram[1] is >= 192 and <= 223 ? DatagramKind.Rtcp : DatagramKind.Rtp,
            _ => DatagramKind.Unknown,
        };
    }
}
