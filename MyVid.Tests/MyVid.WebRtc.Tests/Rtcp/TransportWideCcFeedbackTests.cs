using MyVid.WebRtc.Rtcp;

namespace MyVid.WebRtc.Tests.Rtcp;

public sealed class TransportWideCcFeedbackTests
{
    /// <summary>
    /// Base seq 100, 10 statuses, reference time -2 (x64 ms), fb count 7. Chunks: a run of 3 small deltas,
    /// then a 2-bit status vector of 7: large, not received, small, small, not received, small, large.
    /// </summary>
    private static readonly byte[] Packet =
    [
        0x8F, 0xCD, 0x00, 0x08, // RTPFB FMT 15, 9 words
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02,
        0x00, 0x64, 0x00, 0x0A, 0xFF, 0xFF, 0xFE, 0x07, // base 100, count 10, ref -2, fb 7
        0x20, 0x03, // run length: status 1 (small), 3 packets
        0xE1, 0x46, // 2-bit vector: 10 00 01 01 00 01 10
        0x04, 0x08, 0x0C, // small deltas 4, 8, 12
        0xFF, 0xF6, // large -10
        0x01, 0x02, 0x03, // small 1, 2, 3
        0x01, 0x00, // large 256
        0x00, 0x00, // zeros to the word boundary after the deltas
    ];

    [Test]
    public void Run_length_and_two_bit_vector_chunks_give_per_packet_deltas()
    {
        Assert.That(TransportWideCcFeedback.TryParse(Packet, out var feedback), Is.True);
        Assert.That(feedback.BaseSequenceNumber, Is.EqualTo(100));
        Assert.That(feedback.PacketStatusCount, Is.EqualTo(10));
        Assert.That(feedback.ReferenceTime, Is.EqualTo(-2));
        Assert.That(feedback.ReferenceTimeMicroseconds, Is.EqualTo(-128_000));
        Assert.That(feedback.FeedbackPacketCount, Is.EqualTo(7));

        var packets = new TransportWideCcPacket[10];
        Assert.That(feedback.TryGetPackets(packets, out var count), Is.True);
        Assert.That(count, Is.EqualTo(10));
        Assert.That(packets, Is.EqualTo(new TransportWideCcPacket[]
        {
            new(100, true, 4), new(101, true, 8), new(102, true, 12),
            new(103, true, -10), new(104, false, 0), new(105, true, 1), new(106, true, 2),
            new(107, false, 0), new(108, true, 3), new(109, true, 256),
        }));
        Assert.That(packets[3].DeltaMicroseconds, Is.EqualTo(-2500));
    }

    [Test]
    public void One_bit_vector_chunk_is_clamped_to_the_status_count()
    {
        // Base 7, count 5: one 1-bit vector 1 0 1 1 0 (then unused symbols), deltas 1, 2, 3.
        byte[] packet =
        [
            0x8F, 0xCD, 0x00, 0x06,
            0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02,
            0x00, 0x07, 0x00, 0x05, 0x00, 0x00, 0x01, 0x00,
            0xAC, 0x00, // 1 0 | 1 0 1 1 0 0 0 0 0 0 0 0 0 0
            0x01, 0x02, 0x03, 0x00, 0x00, 0x00,
        ];

        Assert.That(TransportWideCcFeedback.TryParse(packet, out var feedback), Is.True);
        var packets = new TransportWideCcPacket[5];
        Assert.That(feedback.TryGetPackets(packets, out var count), Is.True);
        Assert.That(packets[..count], Is.EqualTo(new TransportWideCcPacket[]
        {
            new(7, true, 1), new(8, false, 0), new(9, true, 2), new(10, true, 3), new(11, false, 0),
        }));
    }

    [Test]
    public void Missing_deltas_or_chunks_are_refused()
    {
        var shortDeltas = (byte[])Packet.Clone();
        shortDeltas[3] = 0x07; // one word less: the last large delta and padding are gone
        Assert.That(TransportWideCcFeedback.TryParse(shortDeltas.AsSpan(0, 32), out _), Is.False);

        // 20 statuses, but one run of 3 and an empty run are all the chunks there are.
        byte[] tooFewChunks =
        [
            0x8F, 0xCD, 0x00, 0x05,
            0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02,
            0x00, 0x07, 0x00, 0x14, 0x00, 0x00, 0x01, 0x00,
            0x20, 0x03, 0x00, 0x00,
        ];
        Assert.That(TransportWideCcFeedback.TryParse(tooFewChunks, out _), Is.False);
    }

    [Test]
    public void Destination_shorter_than_the_status_count_is_refused()
    {
        Assert.That(TransportWideCcFeedback.TryParse(Packet, out var feedback), Is.True);
        Assert.That(feedback.TryGetPackets(new TransportWideCcPacket[9], out _), Is.False);
    }
}
