using System.Text;
using MyVid.WebRtc.Rtcp;

namespace MyVid.WebRtc.Tests.Rtcp;

public sealed class RtcpRoundTripTests
{
    private static readonly ReportBlock[] Blocks =
    [
        new(0x01020304, 25, -3, 0x0001FFFF, 77, 0x12345678, 65536),
        new(0x0A0B0C0D, 0, 0x7FFFFF, 5, 0, 0, 0),
    ];

    private readonly byte[] _buffer = new byte[1500];

    [Test]
    public void Sender_report_round_trips_and_ssrcs_are_rewritten_in_place()
    {
        var sender = new SenderInfo(0xAABBCCDD, 0xE94B5C6D_80000000, 90_000, 10, 12_000);
        Assert.That(SenderReport.TryWrite(_buffer, sender, Blocks, out var written), Is.True);
        Assert.That(written, Is.EqualTo(SenderReport.GetByteCount(2)));

        var packet = _buffer.AsSpan(0, written);
        SenderReport.SetSenderSsrc(packet, 0x11111111);
        SenderReport.SetReportBlockSsrc(packet, 1, 0x22222222);

        Assert.That(SenderReport.TryParse(packet, out var sr), Is.True);
        Assert.That(sr.Sender, Is.EqualTo(sender with { Ssrc = 0x11111111 }));
        Assert.That(sr.ReportBlocks.Count, Is.EqualTo(2));
        Assert.That(sr.ReportBlocks[0], Is.EqualTo(Blocks[0]));
        Assert.That(sr.ReportBlocks[1], Is.EqualTo(Blocks[1] with { Ssrc = 0x22222222 }));
    }

    [Test]
    public void Receiver_report_round_trips()
    {
        Assert.That(ReceiverReport.TryWrite(_buffer, 0xAABBCCDD, Blocks, out var written), Is.True);
        var packet = _buffer.AsSpan(0, written);
        ReceiverReport.SetReportBlockSsrc(packet, 0, 0x33333333);

        Assert.That(ReceiverReport.TryParse(packet, out var rr), Is.True);
        Assert.That(rr.Ssrc, Is.EqualTo(0xAABBCCDDu));
        Assert.That(rr.ReportBlocks[0], Is.EqualTo(Blocks[0] with { Ssrc = 0x33333333 }));
        Assert.That(rr.ReportBlocks[1], Is.EqualTo(Blocks[1]));
        Assert.That(ReceiverReport.TryWrite(new byte[20], 1, Blocks, out _), Is.False, "too small a destination");
    }

    [TestCase("a")]
    [TestCase("abc")]
    [TestCase("{6f1e6c9a-8d1b-4c2f-9a3e-5b7d8c9e0f1a}")]
    public void Sdes_cname_round_trips_at_every_padding_length(string cname)
    {
        var bytes = Encoding.UTF8.GetBytes(cname);
        Assert.That(SourceDescription.TryWriteCname(_buffer, 0x01020304, bytes, out var written), Is.True);
        Assert.That(written % 4, Is.Zero);

        Assert.That(SourceDescription.TryParse(_buffer.AsSpan(0, written), out var sdes), Is.True);
        Assert.That(sdes.TryGetCname(out var ssrc, out var value), Is.True);
        Assert.That(ssrc, Is.EqualTo(0x01020304u));
        Assert.That(Encoding.UTF8.GetString(value), Is.EqualTo(cname));
    }

    [Test]
    public void Bye_round_trips_with_and_without_a_reason()
    {
        Assert.That(Goodbye.TryWrite(_buffer, [1u, 2u], "gone"u8, out var written), Is.True);
        Assert.That(Goodbye.TryParse(_buffer.AsSpan(0, written), out var bye), Is.True);
        Assert.That(bye.SsrcCount, Is.EqualTo(2));
        Assert.That(bye.GetSsrc(1), Is.EqualTo(2u));
        Assert.That(Encoding.ASCII.GetString(bye.Reason), Is.EqualTo("gone"));

        Assert.That(Goodbye.TryWrite(_buffer, [7u], [], out written), Is.True);
        Assert.That(written, Is.EqualTo(8));
        Assert.That(Goodbye.TryParse(_buffer.AsSpan(0, written), out bye) && bye.Reason.IsEmpty, Is.True);
    }

    [Test]
    public void Nack_round_trips_through_pid_and_blp()
    {
        ushort[] lost = [65530, 65531, 65535, 3, 100, 116, 117];
        Assert.That(GenericNack.TryWrite(_buffer, 1, 2, lost, out var written), Is.True);
        Assert.That(written, Is.EqualTo(12 + (4 * 3)), "65530..3 in one item, 100..116 in one, 117 in a third");

        Assert.That(GenericNack.TryParse(_buffer.AsSpan(0, written), out var nack), Is.True);
        Assert.That((nack.SenderSsrc, nack.MediaSsrc), Is.EqualTo((1u, 2u)));
        Assert.That(nack.LostCount, Is.EqualTo(lost.Length));
        var expanded = new ushort[nack.LostCount];
        Assert.That(nack.TryGetLostSequenceNumbers(expanded, out var count), Is.True);
        Assert.That(expanded[..count], Is.EqualTo(lost));
    }

    [Test]
    public void Rfc4585_nack_blp_expands_to_the_following_sequence_numbers()
    {
        // PID 1000, BLP 0x8005: 1001, 1003 and 1016 lost too.
        byte[] data = [0x81, 0xCD, 0x00, 0x03, 0, 0, 0, 1, 0, 0, 0, 2, 0x03, 0xE8, 0x80, 0x05];
        Assert.That(GenericNack.TryParse(data, out var nack), Is.True);
        var lost = new ushort[4];
        Assert.That(nack.TryGetLostSequenceNumbers(lost, out var count), Is.True);
        Assert.That(lost[..count], Is.EqualTo(new ushort[] { 1000, 1001, 1003, 1016 }));
        Assert.That(nack.TryGetLostSequenceNumbers(new ushort[3], out _), Is.False);
    }

    [Test]
    public void Pli_round_trips()
    {
        var pli = new PictureLossIndication(5, 6);
        Assert.That(pli.TryWrite(_buffer, out var written), Is.True);
        Assert.That(PictureLossIndication.TryParse(_buffer.AsSpan(0, written), out var parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(pli));
        Assert.That(FullIntraRequest.TryParse(_buffer.AsSpan(0, written), out _), Is.False, "FMT 1 is not a FIR");
    }

    [Test]
    public void Fir_round_trips()
    {
        FirEntry[] entries = [new(0x01020304, 7), new(0x05060708, 255)];
        Assert.That(FullIntraRequest.TryWrite(_buffer, 9, entries, out var written), Is.True);
        Assert.That(FullIntraRequest.TryParse(_buffer.AsSpan(0, written), out var fir), Is.True);
        Assert.That(fir.SenderSsrc, Is.EqualTo(9u));
        Assert.That(fir.EntryCount, Is.EqualTo(2));
        Assert.That(fir.GetEntry(0), Is.EqualTo(entries[0]));
        Assert.That(fir.GetEntry(1), Is.EqualTo(entries[1]));
    }

    [TestCase(300_000UL, 300_000UL)]
    [TestCase(2_500_000UL, 2_500_000UL)]
    [TestCase(123_456_789UL, 123_456_512UL)]
    public void Remb_round_trips_with_mantissa_precision(ulong bitrate, ulong expected)
    {
        Assert.That(ReceiverEstimatedMaximumBitrate.TryWrite(_buffer, 1, bitrate, [0xAu, 0xBu], out var written), Is.True);
        Assert.That(ReceiverEstimatedMaximumBitrate.TryParse(_buffer.AsSpan(0, written), out var remb), Is.True);
        Assert.That(remb.Bitrate, Is.EqualTo(expected));
        Assert.That(remb.SsrcCount, Is.EqualTo(2));
        Assert.That(remb.GetSsrc(1), Is.EqualTo(0xBu));
    }

    [Test]
    public void Remb_with_an_ssrc_count_beyond_the_packet_is_refused()
    {
        ReceiverEstimatedMaximumBitrate.TryWrite(_buffer, 1, 1000, [0xAu], out var written);
        _buffer[16] = 2;
        Assert.That(ReceiverEstimatedMaximumBitrate.TryParse(_buffer.AsSpan(0, written), out _), Is.False);
    }
}
