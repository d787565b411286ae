using System.Buffers.Binary;
using MyVid.Media.Sfu;
using MyVid.WebRtc.Rtp;

namespace MyVid.Media.Tests.Sfu;

/// <summary>The per-viewer rewrite, the NACK cache and the keyframe throttle, without sockets.</summary>
public sealed class ForwardingTests
{
    // V=2, X=1, PT 96, seq 0x1234, ts 0xAABBCCDD, SSRC 0x11223344; one-byte extensions id 3 (1 byte) and id 4 (2 bytes).
    private static byte[] Packet(byte marker = 0) =>
    [
        0x90, (byte)(marker | 96), 0x12, 0x34, 0xAA, 0xBB, 0xCC, 0xDD, 0x11, 0x22, 0x33, 0x44,
        0xBE, 0xDE, 0x00, 0x02, 0x30, 0x7F, 0x41, 0x01, 0x02, 0x00, 0x00, 0x00,
        0xDE, 0xAD, 0xBE, 0xEF,
    ];

    [Test]
    public void Payload_type_and_extension_ids_are_rewritten_to_the_viewers_in_place()
    {
        var rewrite = TrackRewrite.Create([(96, 100)], [(3, 5), (4, 9)], rtxPayloadType: 101);
        var packet = Packet(0x80);
        Assert.That(rewrite.Rewrite(packet), Is.True);
        Assert.That(RtpHeader.TryParse(packet, out var header), Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(header.PayloadType, Is.EqualTo(100));
            Assert.That(header.Marker, Is.True, "the marker bit survives");
            Assert.That(header.TryGetExtension(5, out var level) && level.SequenceEqual((byte[])[0x7F]), Is.True);
            Assert.That(header.TryGetExtension(9, out var two) && two.SequenceEqual((byte[])[0x01, 0x02]), Is.True);
            Assert.That(header.TryGetExtension(3, out _), Is.False);
            Assert.That(header.Payload.ToArray(), Is.EqualTo(new byte[] { 0xDE, 0xAD, 0xBE, 0xEF }));
            Assert.That(rewrite.SamePayloadTypes, Is.False);
        }
    }

    [Test]
    public void The_same_negotiation_leaves_the_packet_untouched()
    {
        var rewrite = TrackRewrite.Create([(96, 96)], [(3, 3), (4, 4)], rtxPayloadType: null);
        var packet = Packet();
        Assert.That(rewrite.Rewrite(packet), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(packet, Is.EqualTo(Packet()));
            Assert.That(rewrite.SamePayloadTypes && rewrite.SameExtensionIds, Is.True);
        });
    }

    [Test]
    public void An_id_beyond_the_one_byte_form_is_refused()
    {
        var rewrite = TrackRewrite.Create([], [(3, 15)], rtxPayloadType: null);
        Assert.That(rewrite.Rewrite(Packet()), Is.False);
    }

    [Test]
    public void Rtx_carries_the_original_sequence_number_before_the_payload()
    {
        var original = Packet();
        var destination = new byte[64];
        var length = TrackRewrite.WriteRtx(original, destination, payloadType: 97, ssrc: 0x55667788, sequenceNumber: 7);
        Assert.That(length, Is.EqualTo(original.Length + 2));
        Assert.That(RtpHeader.TryParse(destination.AsSpan(0, length), out var rtx), Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rtx.PayloadType, Is.EqualTo(97));
            Assert.That(rtx.Ssrc, Is.EqualTo(0x55667788u));
            Assert.That(rtx.SequenceNumber, Is.EqualTo(7));
            Assert.That(rtx.Timestamp, Is.EqualTo(0xAABBCCDDu));
            Assert.That(BinaryPrimitives.ReadUInt16BigEndian(rtx.Payload), Is.EqualTo(0x1234), "OSN");
            Assert.That(rtx.Payload[2..].ToArray(), Is.EqualTo(new byte[] { 0xDE, 0xAD, 0xBE, 0xEF }));
        }
    }

    [Test]
    public void The_cache_answers_recent_sequence_numbers_across_the_wrap_and_forgets_overwritten_ones()
    {
        using var cache = new PacketCache(capacity: 16);
        for (var i = 0; i < 20; i++)
        {
            var sequence = (ushort)(65530 + i); // wraps after 65535
            cache.Store(sequence, [(byte)i, 1, 2]);
        }

        Assert.Multiple(() =>
        {
            Assert.That(cache.TryGet(65535, out var p1) && p1[0] == 5, Is.True);
            Assert.That(cache.TryGet(13, out var p2) && p2[0] == 19, Is.True, "after the wrap");
            Assert.That(cache.TryGet(65531, out _), Is.False, "overwritten by a newer packet in its slot");
            Assert.That(cache.TryGet(100, out _), Is.False, "never stored");
        });
    }

    [Test]
    public void The_cache_does_not_keep_a_packet_larger_than_a_slot()
    {
        using var cache = new PacketCache(capacity: 4);
        cache.Store(1, new byte[10]);
        cache.Store(1, new byte[PacketCache.SlotSize + 1]);
        Assert.That(cache.TryGet(1, out _), Is.False);
    }

    [Test]
    public void Keyframe_requests_are_merged_to_one_per_500_ms()
    {
        var throttle = new KeyframeThrottle(KeyframeThrottle.DefaultInterval);
        var t0 = DateTimeOffset.UnixEpoch;
        Assert.Multiple(() =>
        {
            Assert.That(throttle.Request(t0), Is.True, "the first goes at once (a joining viewer)");
            Assert.That(throttle.Request(t0.AddMilliseconds(10)), Is.False);
            Assert.That(throttle.Request(t0.AddMilliseconds(200)), Is.False);
            Assert.That(throttle.PollDue(t0.AddMilliseconds(499)), Is.False, "not before 500 ms");
            Assert.That(throttle.PollDue(t0.AddMilliseconds(500)), Is.True, "the merged request goes once due");
            Assert.That(throttle.PollDue(t0.AddMilliseconds(1200)), Is.False, "nothing pending");
            Assert.That(throttle.Request(t0.AddMilliseconds(1000)), Is.True, "a new request after the interval goes at once");
            Assert.That(throttle.Sent, Is.EqualTo(3));
            Assert.That(throttle.Merged, Is.EqualTo(2));
        });
    }
}
