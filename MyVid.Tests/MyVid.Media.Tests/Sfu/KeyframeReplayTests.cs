using MyVid.Media.Sfu;
using MyVid.WebRtc.Rtcp;
using MyVid.WebRtc.Rtp;
using MyVid.WebRtc.Sdp;

namespace MyVid.Media.Tests.Sfu;

/// <summary>A joining viewer starts from the latest keyframe in the cache (and gets it again if it asks at once); only without one is the publisher asked, through the throttle.</summary>
public sealed class KeyframeReplayTests
{
    private const uint PublisherSsrc = 5000;
    private const uint StreamSsrc = 1000;
    private static readonly DateTimeOffset T0 = SfuTestbed.T0;
    private static readonly byte[] Delta = [0x10, 0x01];
    private static readonly byte[] Keyframe = [0x10, 0x00];
    private static readonly byte[] Continuation = [0x00, 0x00];

    [Test]
    public void A_viewer_joining_mid_gop_gets_the_cached_keyframe_first_then_live_packets_in_one_sequence_and_no_pli()
    {
        using var bed = new SfuTestbed(Video(), Audio());
        Publish(bed, 100, Delta, T0); // before any keyframe: never replayed
        Publish(bed, 101, Keyframe, T0);
        Publish(bed, 102, Continuation, T0);
        for (ushort sequence = 103; sequence <= 110; sequence++)
        {
            Publish(bed, sequence, Delta, T0.AddMilliseconds(sequence - 100));
        }

        // The viewer's answer maps payload type 96 to 100: replayed packets go through its normal rewrite.
        var viewer = bed.AddViewer([TrackRewrite.Create([(96, 100)], [], rtxPayloadType: null), TrackRewrite.Create([(111, 111)], [], null)], connected: true);
        var start = bed.Stream.OnViewerConnected(viewer, T0.AddSeconds(1));
        Publish(bed, 111, Delta, T0.AddSeconds(1));

        var sent = bed.SentTo(viewer.Peer).Select(Header).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(start, Is.EqualTo(new KeyframeStart(Refused: null, Packets: 10, Octets: 10 * 14, AgeMs: 1000)));
            Assert.That(sent.Select(h => h.Sequence), Is.EqualTo(Enumerable.Range(101, 11).Select(s => (ushort)s)), "from the keyframe on, live continuing it");
            Assert.That(sent[0].Keyframe, Is.True, "the first packet starts a keyframe");
            Assert.That(sent.Select(h => (h.Ssrc, h.PayloadType)).Distinct(), Is.EqualTo(new[] { (StreamSsrc, (byte)100) }));
            Assert.That(bed.SentTo(bed.Publisher, rtcp: true), Is.Empty, "no PLI to the publisher");
            Assert.That(viewer.WaitingForKeyframe, Is.False);
            Assert.That(viewer.PacketsSent[0], Is.EqualTo(11u), "replayed packets count in the viewer's SRs");
            Assert.That(bed.Counters.JoinsFromCache, Is.EqualTo(1));
            Assert.That(bed.Counters.PacketsReplayed, Is.EqualTo(10));
        }
    }

    [Test]
    public void A_long_replay_is_paced_per_loop_step_and_live_packets_wait_their_turn_in_the_cache()
    {
        using var bed = new SfuTestbed(Video());
        Publish(bed, 1000, Keyframe, T0);
        for (ushort sequence = 1001; sequence < 1200; sequence++)
        {
            Publish(bed, sequence, Delta, T0);
        }

        var viewer = bed.AddViewer([Rewrite()], connected: true);
        bed.Stream.OnViewerConnected(viewer, T0);
        var atConnect = bed.SentTo(viewer.Peer).Count;
        Publish(bed, 1200, Delta, T0); // live, while the replay is under way
        var afterLive = bed.SentTo(viewer.Peer).Count;
        for (var step = 1; step <= 5; step++)
        {
            bed.Stream.Tick(T0.AddMilliseconds(5 * step));
        }

        Publish(bed, 1201, Delta, T0.AddMilliseconds(30)); // caught up: live again
        var sent = bed.SentTo(viewer.Peer).Select(p => Header(p).Sequence).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(atConnect, Is.EqualTo(LiveStream.ReplayPacketsPerStep), "one step at connect");
            Assert.That(afterLive, Is.EqualTo(atConnect), "the live packet is not sent ahead of the replay");
            Assert.That(sent, Is.EqualTo(Enumerable.Range(1000, 202).Select(s => (ushort)s)), "every packet once, in order");
            Assert.That(bed.Counters.PacketsReplayed, Is.EqualTo(201));
        }
    }

    [Test]
    public void With_the_keyframe_evicted_from_the_cache_the_publisher_gets_one_pli_and_the_viewer_waits_for_its_answer()
    {
        using var bed = new SfuTestbed(Video());
        Publish(bed, 0, Keyframe, T0);
        for (var sequence = 1; sequence <= 1100; sequence++) // more than the cache holds (and than one replay may send)
        {
            Publish(bed, (ushort)sequence, Delta, T0);
        }

        var viewer = bed.AddViewer([Rewrite()], connected: true);
        var start = bed.Stream.OnViewerConnected(viewer, T0);
        Publish(bed, 1101, Delta, T0);
        var beforeAnswer = bed.SentTo(viewer.Peer).Count;
        Publish(bed, 1102, Keyframe, T0.AddMilliseconds(50));

        var plis = bed.SentTo(bed.Publisher, rtcp: true);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(start?.Refused, Is.EqualTo("more packets since than a replay sends"));
            Assert.That(plis, Has.Count.EqualTo(1), "one PLI");
            Assert.That(PictureLossIndication.TryParse(plis[0], out var pli) && pli.MediaSsrc == PublisherSsrc, Is.True, "for the publisher's SSRC");
            Assert.That(beforeAnswer, Is.Zero, "nothing before a keyframe");
            Assert.That(bed.SentTo(viewer.Peer).Select(p => Header(p).Sequence), Is.EqualTo(new ushort[] { 1102 }), "then the answer");
            Assert.That(bed.Counters.JoinsAskingPublisher, Is.EqualTo(1));
        }
    }

    [Test]
    public void Without_a_young_keyframe_the_publisher_is_asked_at_the_join_and_its_answer_is_replayed_at_connect()
    {
        using var bed = new SfuTestbed(Video());
        Publish(bed, 10, Keyframe, T0);
        Publish(bed, 11, Delta, T0);
        var joinedAt = T0 + LiveStream.MaxReplayAge - LiveStream.JoinLead + TimeSpan.FromMilliseconds(1);
        bed.Stream.OnViewerJoining(T0); // a young keyframe: nothing asked
        Assert.That(bed.SentTo(bed.Publisher, rtcp: true), Is.Empty);

        bed.Stream.OnViewerJoining(joinedAt); // too old to replay by the time the viewer connects
        Assert.That(bed.SentTo(bed.Publisher, rtcp: true), Has.Count.EqualTo(1), "a PLI at the join");
        Publish(bed, 12, Keyframe, joinedAt.AddMilliseconds(100)); // its answer
        Publish(bed, 13, Delta, joinedAt.AddMilliseconds(130));
        var viewer = bed.AddViewer([Rewrite()], connected: true);
        var start = bed.Stream.OnViewerConnected(viewer, joinedAt.AddMilliseconds(200));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(start?.FromCache, Is.True);
            Assert.That(bed.SentTo(viewer.Peer).Select(p => Header(p).Sequence), Is.EqualTo(new ushort[] { 12, 13 }), "from the answer on");
            Assert.That(bed.SentTo(bed.Publisher, rtcp: true), Has.Count.EqualTo(1), "no second PLI at connect");
        }
    }

    [Test]
    public void A_keyframe_older_than_the_replay_age_with_a_packet_missing_since_or_too_many_octets_since_is_not_replayed()
    {
        using var old = new SfuTestbed(Video());
        Publish(old, 10, Keyframe, T0);
        Publish(old, 11, Delta, T0);
        Assert.That(old.Stream.OnViewerConnected(old.AddViewer([Rewrite()], connected: true), T0 + LiveStream.MaxReplayAge + TimeSpan.FromMilliseconds(1))?.FromCache,
            Is.False, "too old");
        Assert.That(old.Stream.OnViewerConnected(old.AddViewer([Rewrite()], connected: true), T0)?.Refused, Is.Null, "the same keyframe in time");

        using var gap = new SfuTestbed(Video());
        Publish(gap, 10, Keyframe, T0);
        Publish(gap, 12, Delta, T0); // 11 lost on the way in
        var viewer = gap.AddViewer([Rewrite()], connected: true);
        Assert.That(gap.Stream.OnViewerConnected(viewer, T0)?.Refused, Is.EqualTo("a packet since is not cached"));
        Assert.That(gap.SentTo(viewer.Peer), Is.Empty);
        Assert.That(gap.SentTo(gap.Publisher, rtcp: true), Has.Count.EqualTo(1));

        using var large = new SfuTestbed(Video());
        var full = new byte[1200 - 12];
        Delta.CopyTo(full, 0);
        Publish(large, 10, Keyframe, T0);
        for (var sequence = 11; sequence <= 11 + (LiveStream.MaxReplayOctets / 1200); sequence++) // fewer packets than the cap, more octets
        {
            Publish(large, (ushort)sequence, full, T0);
        }

        Assert.That(large.Stream.OnViewerConnected(large.AddViewer([Rewrite()], connected: true), T0)?.Refused, Is.EqualTo("more octets since than a replay sends"));
    }

    [Test]
    public void A_join_inside_the_throttle_window_is_let_through_once_the_last_request_was_answered()
    {
        using var bed = new SfuTestbed(Video());
        Publish(bed, 1, Delta, T0); // the publisher's SSRC is known, no keyframe yet
        bed.Stream.OnViewerConnected(bed.AddViewer([Rewrite()], connected: true), T0);
        Publish(bed, 2, Keyframe, T0.AddMilliseconds(50)); // the answer
        Publish(bed, 4, Delta, T0.AddMilliseconds(60)); // 3 lost: nothing to replay
        bed.Stream.OnViewerConnected(bed.AddViewer([Rewrite()], connected: true), T0.AddMilliseconds(100));
        bed.Stream.OnViewerConnected(bed.AddViewer([Rewrite()], connected: true), T0.AddMilliseconds(150));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(bed.SentTo(bed.Publisher, rtcp: true), Has.Count.EqualTo(2), "the first join's PLI, the second's let through, the third's merged");
            Assert.That(bed.Stream.Keyframes.Merged, Is.EqualTo(1));
        }
    }

    [Test]
    public void The_throttle_lets_a_join_through_after_an_answered_request_but_not_a_viewers_pli()
    {
        var throttle = new KeyframeThrottle(KeyframeThrottle.DefaultInterval);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(throttle.RequestForJoin(T0), Is.True, "the first goes at once");
            Assert.That(throttle.RequestForJoin(T0.AddMilliseconds(10)), Is.False, "not answered yet: merged");
            throttle.OnKeyframe();
            Assert.That(throttle.Request(T0.AddMilliseconds(20)), Is.False, "a viewer's PLI stays throttled");
            Assert.That(throttle.RequestForJoin(T0.AddMilliseconds(30)), Is.True, "a join after the answer goes");
            Assert.That(throttle.RequestForJoin(T0.AddMilliseconds(40)), Is.False, "and the next waits for its answer");
            Assert.That(throttle.Sent, Is.EqualTo(2));
        }
    }

    [Test]
    public void A_starting_viewers_pli_is_answered_from_the_cache_once_per_keyframe_then_by_the_publisher()
    {
        using var bed = new SfuTestbed(Video());
        Publish(bed, 10, Keyframe, T0);
        Publish(bed, 11, Delta, T0.AddMilliseconds(30));
        var viewer = bed.AddViewer([Rewrite()], connected: true);
        bed.Stream.OnViewerConnected(viewer, T0.AddMilliseconds(40)); // replays 10, 11: lost by a receiver not set up yet
        Publish(bed, 12, Delta, T0.AddMilliseconds(60));
        var sentBefore = bed.SentTo(viewer.Peer).Count;

        bed.Stream.OnViewerRtcp(viewer, Pli(), T0.AddMilliseconds(80));
        var resent = bed.SentTo(viewer.Peer).Skip(sentBefore).Select(p => Header(p).Sequence).ToList();
        var plisAfterFirst = bed.SentTo(bed.Publisher, rtcp: true).Count;
        Publish(bed, 13, Delta, T0.AddMilliseconds(90));
        bed.Stream.OnViewerRtcp(viewer, Pli(), T0.AddMilliseconds(200)); // the same keyframe did not help: ask the publisher

        using (Assert.EnterMultipleScope())
        {
            Assert.That(sentBefore, Is.EqualTo(3), "the replay at connect, then live");
            Assert.That(resent, Is.EqualTo(new ushort[] { 10, 11, 12 }), "the keyframe and every packet since, sent again");
            Assert.That(Header(bed.SentTo(viewer.Peer)[^1]).Sequence, Is.EqualTo((ushort)13), "then live again");
            Assert.That(plisAfterFirst, Is.Zero, "the publisher is not asked");
            Assert.That(bed.SentTo(bed.Publisher, rtcp: true), Has.Count.EqualTo(1), "the second request goes to the publisher");
            Assert.That(bed.Counters.KeyframesResent, Is.EqualTo(1));
        }
    }

    [Test]
    public void A_viewers_pli_after_its_start_window_or_while_it_waits_for_the_publisher_goes_to_the_publisher()
    {
        using var bed = new SfuTestbed(Video());
        Publish(bed, 10, Keyframe, T0);
        var settled = bed.AddViewer([Rewrite()], connected: true);
        bed.Stream.OnViewerConnected(settled, T0);
        bed.Stream.OnViewerRtcp(settled, Pli(), T0 + LiveStream.ResendWindow + TimeSpan.FromMilliseconds(1));
        var waiting = bed.AddViewer([Rewrite()], connected: true); // connected, not started (its keyframe was asked for)
        bed.Stream.OnViewerRtcp(waiting, Pli(), T0 + LiveStream.ResendWindow + KeyframeThrottle.DefaultInterval + TimeSpan.FromMilliseconds(2));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(bed.SentTo(settled.Peer), Has.Count.EqualTo(1), "only the replay at connect");
            Assert.That(bed.SentTo(waiting.Peer), Is.Empty);
            Assert.That(bed.SentTo(bed.Publisher, rtcp: true), Has.Count.EqualTo(2), "both requests go to the publisher");
            Assert.That(bed.Counters.KeyframesResent, Is.Zero);
        }
    }

    [Test]
    public void An_h264_picture_starts_at_its_first_flagged_packet_and_a_late_repair_of_an_older_one_is_ignored()
    {
        var latest = new LatestKeyframe();
        latest.OnKeyframePacket(20, timestamp: 9000, T0); // STAP-A with SPS and PPS
        latest.OnKeyframePacket(21, timestamp: 9000, T0); // FU-A start of the IDR, same picture
        Assert.That(latest.TryGetRecent(T0, TimeSpan.FromSeconds(1), out var start, out _) && start == 20, Is.True);
        latest.OnKeyframePacket(5, timestamp: 3000, T0); // an older keyframe repaired late (RTX)
        Assert.That(latest.TryGetRecent(T0, TimeSpan.FromSeconds(1), out start, out _) && start == 20, Is.True);
        latest.OnKeyframePacket(40, timestamp: 12000, T0);
        Assert.That(latest.TryGetRecent(T0, TimeSpan.FromSeconds(1), out start, out _) && start == 40, Is.True);
        latest.Forget();
        Assert.That(latest.TryGetRecent(T0, TimeSpan.FromSeconds(1), out _, out _), Is.False, "an encoder restart forgets it");
        Assert.That(H264Payload.IsKeyframe([0x7C, 0x85, 0x00]) && !H264Payload.IsKeyframe([0x7C, 0x05, 0x00]), Is.True,
            "FU-A: the IDR's start fragment counts, not its middle");
    }

    private static StreamTrack Video() => new(0, "0", MediaKind.Video, new RtpCodec(96, "VP8", 90000), null, [], StreamSsrc, rtxSsrc: 1001);

    private static StreamTrack Audio() => new(1, "1", MediaKind.Audio, new RtpCodec(111, "opus", 48000, 2), null, [], ssrc: 2000, rtxSsrc: 2001);

    private static byte[] Pli()
    {
        var pli = new byte[PictureLossIndication.Length];
        Assert.That(new PictureLossIndication(SenderSsrc: 7, MediaSsrc: StreamSsrc).TryWrite(pli, out _), Is.True);
        return pli;
    }

    private static TrackRewrite Rewrite() => TrackRewrite.Create([(96, 96)], [], rtxPayloadType: null);

    /// <summary>A VP8 packet of 14 octets (12 header, descriptor and payload header).</summary>
    private static void Publish(SfuTestbed bed, ushort sequence, byte[] vp8, DateTimeOffset now) =>
        bed.Stream.OnPublisherRtp(SfuTestbed.Rtp(96, sequence, PublisherSsrc, vp8), now);

    private static (ushort Sequence, uint Ssrc, byte PayloadType, bool Keyframe) Header(byte[] packet)
    {
        Assert.That(RtpHeader.TryParse(packet, out var header), Is.True);
        return (header.SequenceNumber, header.Ssrc, header.PayloadType, Vp8PayloadDescriptor.TryParse(header.Payload, out var vp8) && vp8.IsKeyframe);
    }
}
