using System.Text;
using MyVid.WebRtc.Rtcp;

namespace MyVid.WebRtc.Tests.Rtcp;

public sealed class RtcpCompoundTests
{
    /// <summary>
    /// What Chromium sends every second or so for a video stream: an SR without report blocks followed by an
    /// SDES carrying a 16-character CNAME (RFC 3550 §6.1 compound).
    /// </summary>
    private static readonly byte[] ChromiumSenderReportAndCname =
    [
        0x80, 0xC8, 0x00, 0x06, // SR, RC 0, 7 words
        0x5E, 0x1F, 0x2A, 0x3B, // sender SSRC
        0xE9, 0x4B, 0x5C, 0x6D, 0x80, 0x00, 0x00, 0x00, // NTP 0xE94B5C6D.80000000
        0x00, 0x12, 0xD6, 0x87, // RTP timestamp
        0x00, 0x00, 0x01, 0x2C, // 300 packets
        0x00, 0x04, 0x93, 0xE0, // 300000 octets
        0x81, 0xCA, 0x00, 0x06, // SDES, SC 1, 7 words
        0x5E, 0x1F, 0x2A, 0x3B,
        0x01, 0x10, .. "dGhpcyBpcyBjbmFt"u8, // CNAME, 16 bytes
        0x00, 0x00, // end of items, padding to the word
    ];

    [Test]
    public void Chromium_sender_report_and_sdes_compound_is_read()
    {
        var types = new List<RtcpPacketType>();
        Assert.That(RtcpCompoundEnumerator.IsValid(ChromiumSenderReportAndCname), Is.True);
        foreach (var packet in new RtcpCompoundEnumerator(ChromiumSenderReportAndCname))
        {
            types.Add(packet.Type);
            if (packet.Type == RtcpPacketType.SenderReport)
            {
                Assert.That(SenderReport.TryParse(packet.Data, out var sr), Is.True);
                Assert.That(sr.Sender, Is.EqualTo(new SenderInfo(0x5E1F2A3B, 0xE94B5C6D_80000000, 1234567, 300, 300_000)));
                Assert.That(sr.ReportBlocks.Count, Is.Zero);
            }
            else
            {
                Assert.That(SourceDescription.TryParse(packet.Data, out var sdes), Is.True);
                Assert.That(sdes.TryGetCname(out var ssrc, out var cname), Is.True);
                Assert.That(ssrc, Is.EqualTo(0x5E1F2A3Bu));
                Assert.That(Encoding.UTF8.GetString(cname), Is.EqualTo("dGhpcyBpcyBjbmFt"));
            }
        }

        Assert.That(types, Is.EqualTo(new[] { RtcpPacketType.SenderReport, RtcpPacketType.SourceDescription }));
    }

    [Test]
    public void Truncated_compound_is_reported_malformed()
    {
        var truncated = ChromiumSenderReportAndCname.AsSpan(0, 40);
        var count = 0;
        foreach (var packet in new RtcpCompoundEnumerator(truncated))
        {
            count++;
        }

        Assert.That(count, Is.EqualTo(1), "the walk stops at the cut-off SDES");
        Assert.That(RtcpCompoundEnumerator.IsValid(truncated), Is.False);
    }

    [Test]
    public void Length_field_beyond_the_datagram_is_refused()
    {
        var data = (byte[])ChromiumSenderReportAndCname.Clone();
        data[3] = 0x07;
        Assert.That(RtcpPacket.TryParse(data.AsSpan(0, 28), out _), Is.False);
        Assert.That(SenderReport.TryParse(data.AsSpan(0, 28), out _), Is.False);
        Assert.That(RtcpCompoundEnumerator.IsValid(data), Is.False, "the SDES no longer starts where it should");
    }

    [Test]
    public void Report_count_beyond_the_length_is_refused()
    {
        var data = (byte[])ChromiumSenderReportAndCname.Clone();
        data[0] = 0x81;
        Assert.That(SenderReport.TryParse(data, out _), Is.False);
    }

    [Test]
    public void Padding_bigger_than_the_packet_is_refused()
    {
        // A 12-byte RR with P set whose last byte claims 12 bytes of padding: more than follows the header.
        byte[] data = [0xA0, 0xC9, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x0C];
        Assert.That(RtcpPacket.TryParse(data, out _), Is.False);
        data[^1] = 4;
        Assert.That(RtcpPacket.TryParse(data, out var packet), Is.True);
        Assert.That(packet.Body.Length, Is.EqualTo(4));
    }

    [Test]
    public void Wrong_version_and_empty_input_are_refused()
    {
        Assert.That(RtcpPacket.TryParse([0x40, 0xC9, 0x00, 0x00], out _), Is.False);
        Assert.That(RtcpPacket.TryParse([0x80, 0xC9], out _), Is.False);
        Assert.That(RtcpCompoundEnumerator.IsValid([]), Is.False);
    }

    [Test]
    public void Sdes_item_running_past_the_packet_is_refused()
    {
        var data = ChromiumSenderReportAndCname.AsSpan(28).ToArray();
        data[9] = 0x30;
        Assert.That(SourceDescription.TryParse(data, out _), Is.False);
    }
}
