namespace MyVid.WebRtc.Rtcp;

/// <summary>RTCP packet types (RFC 3550 §12.1, RFC 4585 §6.1).</summary>
public enum RtcpPacketType : byte
{
    SenderReport = 200,
    ReceiverReport = 201,
    SourceDescription = 202,
    Goodbye = 203,
    ApplicationDefined = 204,

    /// <summary>RTPFB: generic NACK (FMT 1), transport-wide CC (FMT 15).</summary>
    TransportFeedback = 205,

    /// <summary>PSFB: PLI (FMT 1), FIR (FMT 4), application layer feedback such as REMB (FMT 15).</summary>
    PayloadSpecificFeedback = 206,
}
