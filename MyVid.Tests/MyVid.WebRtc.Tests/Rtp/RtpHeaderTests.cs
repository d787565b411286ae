using MyVid.WebRtc.Rtp;

namespace MyVid.WebRtc.Tests.Rtp;

public sealed class RtpHeaderTests
{
    // V=2 P=1 X=1 CC=1, M=1 PT=111, seq 0x1234, ts 0xdeadbeef, SSRC 0x01020304, CSRC 0x0a0b0c0d,
    // one-byte extension (one word: id 1 len 2 + padding), payload 0xaa 0xbb, 2 bytes padding.
    private static readonly byte[] Packet =
    [
        0xB1, 0xEF, 0x12, 0x34, 0xDE, 0xAD, 0xBE, 0xEF, 0x01, 0x02, 0x03, 0x04,
        0x0A, 0x0B, 0x0C, 0x0D,
        0xBE, 0xDE, 0x00, 0x01, 0x11, 0x55, 0x66, 0x00,
        0xAA, 0xBB, 0x00, 0x02,
    ];

    [Test]
    public void Rfc3550_fixed_header_csrcs_extension_and_padding_are_read()
    {
        Assert.That(RtpHeader.TryParse(Packet, out var header), Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(header.HasPadding && header.HasExtension && header.Marker, Is.True);
            Assert.That(header.CsrcCount, Is.EqualTo(1));
            Assert.That(header.GetCsrc(0), Is.EqualTo(0x0A0B0C0Du));
            Assert.That(header.PayloadType, Is.EqualTo(111));
            Assert.That(header.SequenceNumber, Is.EqualTo(0x1234));
            Assert.That(header.Timestamp, Is.EqualTo(0xDEADBEEFu));
            Assert.That(header.Ssrc, Is.EqualTo(0x01020304u));
            Assert.That(header.HeaderLength, Is.EqualTo(24));
            Assert.That(header.ExtensionProfile, Is.EqualTo(0xBEDE));
            Assert.That(header.PaddingLength, Is.EqualTo(2));
            Assert.That(header.Payload.ToArray(), Is.EqualTo(new byte[] { 0xAA, 0xBB }));
        }
    }

    [TestCase(11, TestName = "Shorter than the fixed header")]
    [TestCase(15, TestName = "CSRC list cut off")]
    [TestCase(22, TestName = "Extension cut off")]
    public void Truncated_packets_are_refused(int length) =>
        Assert.That(RtpHeader.TryParse(Packet.AsSpan(0, length), out _), Is.False);

    [Test]
    public void Wrong_version_is_refused()
    {
        var packet = (byte[])Packet.Clone();
        packet[0] = 0x71;
        Assert.That(RtpHeader.TryParse(packet, out _), Is.False);
    }

    [TestCase((byte)0, TestName = "Padding count of zero")]
    [TestCase((byte)5, TestName = "Padding bigger than the payload")]
    public void Bad_padding_is_refused(byte count)
    {
        var packet = (byte[])Packet.Clone();
        packet[^1] = count;
        Assert.That(RtpHeader.TryParse(packet, out _), Is.False);
    }

    [Test]
    public void Extension_length_beyond_the_packet_is_refused()
    {
        var packet = (byte[])Packet.Clone();
        packet[19] = 9;
        Assert.That(RtpHeader.TryParse(packet, out _), Is.False);
    }

    [Test]
    public void Setters_rewrite_the_fields_in_place_and_leave_the_rest()
    {
        var packet = (byte[])Packet.Clone();
        RtpHeader.SetPayloadType(packet, 96);
        RtpHeader.SetMarker(packet, false);
        RtpHeader.SetSequenceNumber(packet, 7);
        RtpHeader.SetTimestamp(packet, 90_000);
        RtpHeader.SetSsrc(packet, 0xCAFEBABE);

        Assert.That(RtpHeader.TryParse(packet, out var header), Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(header.PayloadType, Is.EqualTo(96));
            Assert.That(header.Marker, Is.False);
            Assert.That(header.SequenceNumber, Is.EqualTo(7));
            Assert.That(header.Timestamp, Is.EqualTo(90_000u));
            Assert.That(header.Ssrc, Is.EqualTo(0xCAFEBABEu));
            Assert.That(header.HasPadding && header.HasExtension, Is.True);
            Assert.That(header.Payload.ToArray(), Is.EqualTo(new byte[] { 0xAA, 0xBB }));
        }
    }
}
