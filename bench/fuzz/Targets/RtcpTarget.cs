using MyVid.WebRtc.Rtcp;

namespace MyVid.WebRtc.Fuzzing.Targets;

/// <summary>The compound walk and every RTCP parser on every packet of it, with their expansions.</summary>
public sealed class RtcpTarget : FuzzTarget
{
    private readonly ushort[] _lost = new ushort[65536];
    private readonly TransportWideCcPacket[] _feedback = new TransportWideCcPacket[65536];

    public RtcpTarget()
        : base("rtcp", Captures.RtcpPackets())
    {
    }

    public override bool Run(Span<byte> input)
    {
        var valid = RtcpCompoundEnumerator.IsValid(input);
        foreach (var packet in new RtcpCompoundEnumerator(input))
        {
            _ = packet.Type;
            _ = packet.Count;
            _ = packet.Body.Length;
            ParseAll(packet.Data);
        }

        // Parsers are also fed whole datagrams, whatever their first packet is.
        ParseAll(input);
        return valid;
    }

    private void ParseAll(ReadOnlySpan<byte> data)
    {
        if (SenderReport.TryParse(data, out var sr))
        {
            for (var i = 0; i < sr.ReportBlocks.Count; i++)
            {
                _ = sr.ReportBlocks[i];
            }
        }

        if (ReceiverReport.TryParse(data, out var rr))
        {
            for (var i = 0; i < rr.ReportBlocks.Count; i++)
            {
                _ = rr.ReportBlocks[i];
            }
        }

        if (SourceDescription.TryParse(data, out var sdes))
        {
            foreach (var item in sdes)
            {
                _ = item.Value.Length;
            }
        }

        if (Goodbye.TryParse(data, out var bye))
        {
            for (var i = 0; i < bye.SsrcCount; i++)
            {
                bye.GetSsrc(i);
            }
        }

        if (GenericNack.TryParse(data, out var nack))
        {
            var lost = nack.LostCount;
            if (!nack.TryGetLostSequenceNumbers(_lost.AsSpan(0, Math.Min(lost, _lost.Length)), out var count) || count != lost)
            {
                throw new FuzzInvariantException($"NACK counted {lost} lost packets but expanded {count}");
            }
        }

        _ = PictureLossIndication.TryParse(data, out _);
        if (FullIntraRequest.TryParse(data, out var fir))
        {
            for (var i = 0; i < fir.EntryCount; i++)
            {
                fir.GetEntry(i);
            }
        }

        if (ReceiverEstimatedMaximumBitrate.TryParse(data, out var remb))
        {
            for (var i = 0; i < remb.SsrcCount; i++)
            {
                remb.GetSsrc(i);
            }
        }

        if (TransportWideCcFeedback.TryParse(data, out var twcc))
        {
            _ = twcc.ReferenceTimeMicroseconds;
            twcc.TryGetPackets(_feedback.AsSpan(0, twcc.PacketStatusCount), out _);
        }
    }
}
