using System.Buffers.Binary;
using MyVid.Media.Recording.Rtp;
using MyVid.Recording.Tests.Recording.Support;

namespace MyVid.Recording.Tests.Recording;

/// <summary>The H.264 depacketizer on a real libx264 stream packetized as single NAL units, STAP-A and FU-A.</summary>
public sealed class H264DepacketizerTests
{
    [Test]
    public async Task Every_access_unit_comes_out_whole_in_avcc_form_with_sps_and_pps_before_each_idr()
    {
        var units = await TestStreams.H264AccessUnitsAsync();
        Assert.That(units.Count(u => u.IsIdr), Is.GreaterThan(5), "an IDR a second");
        var payloads = units.SelectMany(H264Packetizer.Payloads).ToList();
        Assert.That(payloads.Count(p => (p[0] & 0x1F) == 28), Is.GreaterThan(units.Count), "FU-A fragments");
        Assert.That(payloads.Count(p => (p[0] & 0x1F) == 24), Is.EqualTo(units.Count(u => u.IsIdr)), "SPS + PPS in a STAP-A");

        var h264 = new H264Depacketizer();
        ushort sequence = 65500;
        var frames = new List<(long Timestamp, bool Key, byte[] Data)>();
        for (var f = 0; f < units.Count; f++)
        {
            foreach (var packet in H264Packetizer.Packets(units[f], ref sequence, unchecked(0xFFFF0000u + (uint)(f * 3000))))
            {
                if (h264.Push(packet, gapBefore: false, out var frame))
                {
                    frames.Add((frame.Timestamp, frame.IsKeyframe, frame.Data.ToArray()));
                }
            }
        }
        Assert.That(frames, Has.Count.EqualTo(units.Count));
        Assert.That(frames.Select(f => f.Key), Is.EqualTo(units.Select(u => u.IsIdr)));
        for (var f = 0; f < units.Count; f++)
        {
            Assert.That(frames[f].Data, Is.EqualTo(H264Packetizer.Avcc(units[f])), $"frame {f}");
            Assert.That(frames[f].Timestamp - frames[0].Timestamp, Is.EqualTo(f * 3000L), "unwrapped across the 32-bit wrap");
        }
        Assert.That((h264.Width, h264.Height), Is.EqualTo((640, 360)));
        Assert.That(h264.WaitingForKeyframe, Is.False);
        Assert.That(h264.FramesDropped, Is.Zero);
    }

    [Test]
    public async Task The_decoder_configuration_record_holds_the_stream_s_sps_and_pps()
    {
        var units = await TestStreams.H264AccessUnitsAsync();
        var sps = units[0].Nals.Single(n => (n[0] & 0x1F) == 7);
        var pps = units[0].Nals.Single(n => (n[0] & 0x1F) == 8);
        var h264 = new H264Depacketizer();
        Assert.That(h264.DecoderConfiguration(), Is.Null, "nothing before the parameter sets");
        ushort sequence = 0;
        foreach (var packet in H264Packetizer.Packets(units[0], ref sequence, 0))
        {
            h264.Push(packet, gapBefore: false, out _);
        }
        var record = h264.DecoderConfiguration()!;
        Assert.That(record[..6], Is.EqualTo(new byte[] { 1, sps[1], sps[2], sps[3], 0xFF, 0xE1 }));
        Assert.That(BinaryPrimitives.ReadUInt16BigEndian(record.AsSpan(6)), Is.EqualTo(sps.Length));
        Assert.That(record.AsSpan(8, sps.Length).ToArray(), Is.EqualTo(sps));
        Assert.That(record[8 + sps.Length], Is.EqualTo(1));
        Assert.That(BinaryPrimitives.ReadUInt16BigEndian(record.AsSpan(9 + sps.Length)), Is.EqualTo(pps.Length));
        Assert.That(record.AsSpan(11 + sps.Length).ToArray(), Is.EqualTo(pps));
    }

    [TestCase(0, TestName = "A lost first FU-A fragment drops its frame and the frames up to the next IDR")]
    [TestCase(1, TestName = "A lost middle FU-A fragment drops its frame and the frames up to the next IDR")]
    [TestCase(-1, TestName = "A lost last packet (the marker) drops its frame and the frames up to the next IDR")]
    public async Task A_lost_packet_drops_its_frame_and_delta_frames_until_the_next_idr(int lostIndex)
    {
        var units = await TestStreams.H264AccessUnitsAsync();
        // A delta frame big enough to be fragmented, well before the second IDR.
        var damaged = Enumerable.Range(2, 20).First(f => !units[f].IsIdr && H264Packetizer.Payloads(units[f]).Count >= 3);
        var nextIdr = Enumerable.Range(damaged, units.Count - damaged).First(f => units[f].IsIdr);
        var h264 = new H264Depacketizer();
        ushort sequence = 0;
        var emitted = new List<long>();
        var gap = false;
        for (var f = 0; f <= nextIdr + 1; f++)
        {
            var packets = H264Packetizer.Packets(units[f], ref sequence, (uint)(f * 3000)).ToList();
            if (f == damaged)
            {
                packets.RemoveAt(lostIndex < 0 ? packets.Count + lostIndex : lostIndex);
                gap = true;
                if (lostIndex < 0)
                {
                    // The loss shows only at the next packet.
                    foreach (var packet in packets)
                    {
                        Assert.That(h264.Push(packet, gapBefore: false, out _), Is.False);
                    }
                    continue;
                }
            }
            foreach (var packet in packets)
            {
                if (h264.Push(packet, gap, out var frame))
                {
                    emitted.Add(frame.Timestamp);
                    Assert.That(frame.IsKeyframe, Is.EqualTo(units[f].IsIdr));
                }
                gap = false;
            }
            if (f > damaged && f < nextIdr)
            {
                Assert.That(h264.WaitingForKeyframe, Is.True, $"frame {f} waits for the IDR");
            }
        }
        var first = emitted[0];
        var frames = emitted.Select(t => (int)((t - first) / 3000)).ToList();
        Assert.That(frames, Is.EqualTo(Enumerable.Range(0, damaged).Concat([nextIdr, nextIdr + 1])));
        Assert.That(h264.ChainBreaks, Is.EqualTo(1));
        Assert.That(h264.WaitingForKeyframe, Is.False);
    }
}
