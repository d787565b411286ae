using MyVid.Media.Recording.Rtp;
using MyVid.Recording.Tests.Recording.Support;

namespace MyVid.Recording.Tests.Recording;

/// <summary>The reorder buffer and the VP8 depacketizer on hand-made packets: wraps, reordering, loss and keyframe waits.</summary>
public sealed class DepacketizerTests
{
    [Test]
    public void Reordered_packets_come_out_in_order_across_the_sequence_wrap_and_a_missing_one_is_given_up_after_the_wait()
    {
        var buffer = new RtpReorderBuffer(capacity: 64, maxWaitMs: 100);
        var popped = new List<(int Tag, bool Gap)>();
        void Push(ushort sequence, int tag, long now)
        {
            Assert.That(buffer.Push(sequence, new HeldPacket(new byte[] { (byte)tag }, 1, now)), Is.True);
            while (buffer.TryPop(now, out var p, out var gap))
            {
                popped.Add((p.Buffer[0], gap));
            }
        }

        Push(65534, 1, 0);
        Push(0, 3, 1);
        Push(65535, 2, 2);
        Push(2, 5, 3);
        Assert.That(buffer.Push(65535, new HeldPacket([9], 1, 4)), Is.False, "a duplicate");
        Assert.That(popped, Is.EqualTo(new[] { (1, false), (2, false), (3, false) }), "sequence 1 is still awaited");
        Push(3, 6, 50);
        Assert.That(popped, Has.Count.EqualTo(3));
        Push(4, 7, 104);
        Assert.That(popped.Skip(3), Is.EqualTo(new[] { (5, true), (6, false), (7, false) }), "1 given up 100 ms after 2 arrived");
        Assert.That(buffer.Push(1, new HeldPacket([9], 1, 105)), Is.False, "too late");
        Assert.That(buffer.Lost, Is.EqualTo(1));
    }

    [Test]
    public void Frames_are_assembled_across_packets_and_wraps_with_keyframe_size_and_unwrapped_timestamps()
    {
        var vp8 = new Vp8Depacketizer();
        ushort sequence = 65534;
        var first = Frame(ref sequence, 0xFFFFFF00, key: true, pictureId: 10, 3000).ToList();
        var second = Frame(ref sequence, 0x00000B00, key: false, pictureId: 11, 2500).ToList();
        var frames = new List<(long Timestamp, bool Key, int Width, int Height, int Length)>();
        foreach (var packet in first.Concat(second))
        {
            if (vp8.Push(packet, gapBefore: false, out var frame))
            {
                frames.Add((frame.Timestamp, frame.IsKeyframe, frame.Width, frame.Height, frame.Data.Length));
            }
        }
        Assert.That(frames, Has.Count.EqualTo(2));
        Assert.That(frames[0] with { Timestamp = 0 }, Is.EqualTo((0L, true, 640, 360, 3000)));
        Assert.That(frames[1].Timestamp - frames[0].Timestamp, Is.EqualTo(0xC00), "the timestamp wrapped, unwrapped to 64 bits");
        Assert.That(frames[1].Key, Is.False);
        Assert.That(vp8.WaitingForKeyframe, Is.False);
    }

    [Test]
    public void A_frame_with_a_lost_packet_is_dropped_and_delta_frames_wait_for_the_next_keyframe()
    {
        var vp8 = new Vp8Depacketizer();
        ushort sequence = 100;
        var out1 = Feed(vp8, Frame(ref sequence, 0, key: true, pictureId: 1, 2500), skip: -1);
        var out2 = Feed(vp8, Frame(ref sequence, 3000, key: false, pictureId: 2, 2500), skip: 1);
        Assert.That(vp8.WaitingForKeyframe, Is.True);
        var out3 = Feed(vp8, Frame(ref sequence, 6000, key: false, pictureId: 3, 500), skip: -1);
        var out4 = Feed(vp8, Frame(ref sequence, 9000, key: true, pictureId: 4, 500), skip: -1);
        var out5 = Feed(vp8, Frame(ref sequence, 12000, key: false, pictureId: 5, 500), skip: -1);
        Assert.That(new[] { out1, out2, out3, out4, out5 }, Is.EqualTo(new[] { 1, 0, 0, 1, 1 }));
        Assert.That(vp8.ChainBreaks, Is.EqualTo(1));
    }

    [Test]
    public void A_gap_that_took_no_frame_by_the_picture_id_does_not_break_the_chain()
    {
        var vp8 = new Vp8Depacketizer();
        ushort sequence = 100;
        Feed(vp8, Frame(ref sequence, 0, key: true, pictureId: 127, 500), skip: -1);
        sequence++; // a lost padding packet between frames
        var frames = 0;
        var gap = true;
        foreach (var packet in Frame(ref sequence, 3000, key: false, pictureId: 0, 500))
        {
            frames += vp8.Push(packet, gap, out _) ? 1 : 0;
            gap = false;
        }
        Assert.That(frames, Is.EqualTo(1), "picture ID 127 is followed by 0 (7 bits)");
        Assert.That(vp8.WaitingForKeyframe, Is.False);
    }

    private static int Feed(Vp8Depacketizer vp8, IEnumerable<byte[]> packets, int skip)
    {
        var frames = 0;
        var index = 0;
        var gap = false;
        foreach (var packet in packets)
        {
            if (index++ == skip)
            {
                gap = true;
                continue;
            }
            frames += vp8.Push(packet, gap, out _) ? 1 : 0;
            gap = false;
        }
        return frames;
    }

    /// <summary>A VP8 frame of <paramref name="size"/> bytes in 1000-byte packets, with a 7-bit picture ID.</summary>
    private static List<byte[]> Frame(ref ushort sequence, uint timestamp, bool key, int pictureId, int size)
    {
        var frame = new byte[size];
        frame[0] = (byte)(key ? 0x10 : 0x11);
        if (key)
        {
            frame[3] = 0x9d;
            frame[4] = 0x01;
            frame[5] = 0x2a;
            frame[6] = 0x80;
            frame[7] = 0x02;
            frame[8] = 0x68;
            frame[9] = 0x01;
        }
        var packets = new List<byte[]>();
        for (var offset = 0; offset < size; offset += 1000)
        {
            var chunk = frame.AsSpan(offset, Math.Min(1000, size - offset));
            var packet = new byte[12 + 3 + chunk.Length];
            SyntheticStream.WriteHeader(packet, 96, offset + chunk.Length >= size, sequence++, timestamp, 7);
            packet[12] = (byte)(0x80 | (offset == 0 ? 0x10 : 0));
            packet[13] = 0x80;
            packet[14] = (byte)(pictureId & 0x7F);
            chunk.CopyTo(packet.AsSpan(15));
            packets.Add(packet);
        }
        return packets;
    }
}
