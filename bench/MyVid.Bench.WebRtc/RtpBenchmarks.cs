using BenchmarkDotNet.Attributes;
using MyVid.WebRtc.Fuzzing;
using MyVid.WebRtc.Rtp;

namespace MyVid.Bench.WebRtc;

/// <summary>What an SFU does to each packet per viewer before protecting it: rewrite SSRC, PT, seq and timestamp and remap extension ids.</summary>
[MemoryDiagnoser]
public class RtpBenchmarks
{
    private readonly byte[] _packet = Captures.Vp8Packet(SrtpBenchmarks.PacketLength);

    // Swaps the publisher's ids (2, 3, 4) with a viewer's (7, 8, 9), so every operation remaps all three.
    private readonly byte[] _idMap = [0, 0, 7, 8, 9, 0, 0, 2, 3, 4];
    private ushort _sequence;
    private uint _timestamp;

    [Benchmark]
    public bool RewriteHeader()
    {
        RtpHeader.SetSsrc(_packet, 0x5566_7788);
        RtpHeader.SetPayloadType(_packet, 98);
        RtpHeader.SetSequenceNumber(_packet, ++_sequence);
        RtpHeader.SetTimestamp(_packet, _timestamp += 3000);
        return RtpHeaderExtensions.TryRemapIds(_packet, _idMap);
    }

    [Benchmark]
    public bool ParseHeaderAndVp8() =>
        RtpHeader.TryParse(_packet, out var header)
        && header.TryGetExtension(Captures.TransportCcId, out _) | header.TryGetExtension(8, out _)
        && Vp8PayloadDescriptor.TryParse(header.Payload, out var vp8) && vp8.PictureId >= 0;
}
