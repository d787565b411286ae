using BenchmarkDotNet.Attributes;
using MyVid.WebRtc.Fuzzing;
using MyVid.WebRtc.Rtcp;

namespace MyVid.Bench.WebRtc;

/// <summary>Reading the feedback viewers send (a NACK of 12 packets in 3 items) and a sender's SR + SDES compound.</summary>
[MemoryDiagnoser]
public class RtcpBenchmarks
{
    private readonly byte[] _nack = Captures.Nack([1000, 1001, 1003, 1010, 1016, 2000, 2001, 2002, 2015, 40000, 40001, 40016]);
    private readonly byte[] _compound = Captures.SenderReportWithSdes();
    private readonly ushort[] _lost = new ushort[64];

    [Benchmark]
    public int ParseNack()
    {
        if (!GenericNack.TryParse(_nack, out var nack) || !nack.TryGetLostSequenceNumbers(_lost, out var count))
        {
            throw new InvalidOperationException();
        }

        return count;
    }

    [Benchmark]
    public long ParseSenderReportAndSdes()
    {
        long sum = 0;
        foreach (var packet in new RtcpCompoundEnumerator(_compound))
        {
            if (SenderReport.TryParse(packet.Data, out var sr))
            {
                sum += sr.Sender.PacketCount;
                for (var i = 0; i < sr.ReportBlocks.Count; i++)
                {
                    sum += sr.ReportBlocks[i].Jitter;
                }
            }
            else if (SourceDescription.TryParse(packet.Data, out var sdes))
            {
                foreach (var item in sdes)
                {
                    sum += item.Value.Length;
                }
            }
        }

        return sum;
    }
}
