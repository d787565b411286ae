using MyVid.Media.Sfu;
using MyVid.WebRtc.Rtcp;
using MyVid.WebRtc.Rtp;
using MyVid.WebRtc.Sdp;

namespace MyVid.Media.Tests.Sfu;

/// <summary>Gaps in a publisher's video become bounded generic NACKs to it; its RTX answers reach the viewers as the lost packets.</summary>
public sealed class UpstreamRepairTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UnixEpoch;

    [Test]
    public void A_gap_is_asked_for_at_once_then_again_after_the_interval_until_it_arrives()
    {
        var repair = new UpstreamRepair();
        Receive(repair, 65530, 65531, 65532, 2, 3); // 65533..1 lost across the wrap
        Assert.That(Nacked(repair, T0), Is.EqualTo(new ushort[] { 65533, 65534, 65535, 0, 1 }));
        Assert.That(Nacked(repair, T0.AddMilliseconds(50)), Is.Empty, "not again before the retry interval");
        Assert.That(repair.OnReceived(65534), Is.True, "a repaired packet is one that was missing");
        Assert.That(repair.OnReceived(65534), Is.False, "its duplicate is not");
        Assert.That(Nacked(repair, T0 + UpstreamRepair.RetryInterval), Is.EqualTo(new ushort[] { 65533, 65535, 0, 1 }));
        Assert.That(repair.Recovered, Is.EqualTo(1));
    }

    [Test]
    public void A_number_is_given_up_after_its_attempts_and_a_restart_forgets_everything()
    {
        var repair = new UpstreamRepair();
        Receive(repair, 10, 12);
        for (var i = 0; i < UpstreamRepair.MaxAttempts; i++)
        {
            Assert.That(Nacked(repair, T0 + (i * UpstreamRepair.RetryInterval)), Is.EqualTo(new ushort[] { 11 }));
        }

        Assert.That(Nacked(repair, T0 + (UpstreamRepair.MaxAttempts * UpstreamRepair.RetryInterval)), Is.Empty);
        Assert.That(repair.Outstanding, Is.Zero);
        Receive(repair, 14, 14 + UpstreamRepair.MaxGap + 2);
        Assert.That(repair.Outstanding, Is.Zero, "a jump past MaxGap is an encoder restart, not a loss");
    }

    [Test]
    public void At_most_MaxMissing_numbers_are_kept_the_oldest_forgotten()
    {
        var repair = new UpstreamRepair();
        for (var sequence = 0; sequence < 400; sequence += 2)
        {
            Receive(repair, (ushort)sequence); // every other packet lost
        }

        var asked = Nacked(repair, T0);
        Assert.That(asked, Has.Length.EqualTo(UpstreamRepair.MaxMissing));
        Assert.That(asked[^1], Is.EqualTo(397));
        Assert.That(asked[0], Is.EqualTo(397 - (2 * (UpstreamRepair.MaxMissing - 1))));
    }

    [Test]
    public void The_stream_asks_the_publisher_and_forwards_its_rtx_answer_once_as_the_lost_packet()
    {
        var track = new StreamTrack(0, "0", MediaKind.Video, new RtpCodec(96, "VP8", 90000), new RtpCodec(97, "rtx", 90000), [], ssrc: 1000, rtxSsrc: 1001);
        using var bed = new SfuTestbed(track);
        var stream = bed.Stream;
        var publisher = bed.Publisher;
        var sender = bed.Sender;
        var viewerPeer = bed.AddViewer([TrackRewrite.Create([(96, 96)], [], rtxPayloadType: null)], connected: true, waitingForKeyframe: false).Peer;

        foreach (var sequence in new ushort[] { 100, 101, 103 })
        {
            stream.OnPublisherRtp(SfuTestbed.Rtp(96, sequence, ssrc: 5000, [0x10, 0x01, (byte)sequence]), T0);
        }

        stream.Tick(T0);
        var nack = sender.Sent.Single(s => s.Peer == publisher && s.Rtcp);
        Assert.That(GenericNack.TryParse(nack.Bytes, out var parsed) && parsed.MediaSsrc == 5000, Is.True, "a NACK for the publisher's SSRC");
        var lost = new ushort[4];
        parsed.TryGetLostSequenceNumbers(lost, out var count);
        Assert.That(lost[..count], Is.EqualTo(new ushort[] { 102 }));

        var rtx = SfuTestbed.Rtp(97, 7, ssrc: 5001, [0x00, 102, 0x10, 0x01, 102]); // OSN 102, then the original payload
        stream.OnPublisherRtp(rtx, T0);
        stream.OnPublisherRtp(SfuTestbed.Rtp(97, 8, ssrc: 5001, [0x00, 102, 0x10, 0x01, 102]), T0); // a duplicate answer
        var toViewer = sender.Sent.Where(s => s.Peer == viewerPeer && !s.Rtcp).Select(s => s.Bytes).ToList();
        Assert.That(toViewer, Has.Count.EqualTo(4), "three packets and the repair, once");
        Assert.That(RtpHeader.TryParse(toViewer[3], out var repaired), Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(repaired.SequenceNumber, Is.EqualTo(102));
            Assert.That(repaired.PayloadType, Is.EqualTo(96));
            Assert.That(repaired.Ssrc, Is.EqualTo(1000u), "the stream's SSRC");
            Assert.That(repaired.Payload.ToArray(), Is.EqualTo(new byte[] { 0x10, 0x01, 102 }));
            Assert.That(stream.UpstreamRecovered, Is.EqualTo(1));
        }
    }

    private static void Receive(UpstreamRepair repair, params ushort[] sequenceNumbers)
    {
        foreach (var sequence in sequenceNumbers)
        {
            repair.OnReceived(sequence);
        }
    }

    /// <summary>The numbers of the NACK written now, parsed back as a publisher would.</summary>
    private static ushort[] Nacked(UpstreamRepair repair, DateTimeOffset now)
    {
        var buffer = new byte[1500];
        var written = repair.WriteNack(buffer, senderSsrc: 1, mediaSsrc: 0xABCD, now);
        if (written == 0)
        {
            return [];
        }

        Assert.That(GenericNack.TryParse(buffer.AsSpan(0, written), out var nack), Is.True);
        Assert.That(nack.MediaSsrc, Is.EqualTo(0xABCDu));
        var lost = new ushort[nack.LostCount];
        nack.TryGetLostSequenceNumbers(lost, out var count);
        return lost[..count];
    }
}
