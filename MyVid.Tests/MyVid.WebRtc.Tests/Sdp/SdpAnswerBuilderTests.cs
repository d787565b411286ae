using MyVid.WebRtc.Sdp;

namespace MyVid.WebRtc.Tests.Sdp;

public class SdpAnswerBuilderTests
{
    internal static readonly SdpFingerprint OurFingerprint = new("sha-256", string.Join(':', Enumerable.Repeat("5A", 32)));

    internal static LocalTransport Transport()
    {
        var transport = new LocalTransport("myvid1", "0123456789abcdef01234567", OurFingerprint);
        transport.Candidates.Add("1 1 udp 2130706431 192.0.2.10 40000 typ host");
        return transport;
    }

    private static AnswerOptions Options(LocalCapabilities? capabilities = null) =>
        new(capabilities ?? LocalCapabilities.CreateDefault(), Transport(), SdpOrigin.Anonymous("777", 1));

    private static byte[] PayloadTypes(MediaDescription media) => [.. media.Codecs.Select(c => c.PayloadType)];

    [Test]
    public void Answers_chrome_with_opus_vp8_and_h264_keeping_the_offered_payload_types_and_order()
    {
        var offer = SdpParser.Parse(SdpSamples.ChromeOffer);

        var result = SdpAnswerBuilder.Build(offer, Options());

        Assert.That(result.Success, Is.True, result.Error);
        var answer = result.Answer;
        Assert.That(answer.Media.Select(m => m.Mid), Is.EqualTo(new[] { "0", "1" }));
        Assert.That(answer.BundleGroup!.Mids, Is.EqualTo(new[] { "0", "1" }));
        Assert.That(answer.IceLite, Is.True);
        Assert.That(answer.ExtmapAllowMixed, Is.True);

        var audio = answer.Media[0];
        Assert.That(PayloadTypes(audio), Is.EqualTo(new byte[] { 111 }), "red, G722, PCMU... are not ours");
        Assert.That(audio.Codecs[0].Feedback, Is.EqualTo(new[] { "transport-cc" }));
        Assert.That(audio.Codecs[0].GetParameter("useinbandfec"), Is.EqualTo("1"));

        // 42001f is Baseline, not the Constrained Baseline we take; 4d001f/64001f are Main/High; pm0 is not ours.
        var video = answer.Media[1];
        Assert.That(PayloadTypes(video), Is.EqualTo(new byte[] { 96, 97, 109, 114 }));
        Assert.That(video.FindCodec(97)!.AssociatedPayloadType, Is.EqualTo((byte)96));
        Assert.That(video.FindCodec(114)!.AssociatedPayloadType, Is.EqualTo((byte)109));
        Assert.That(video.FindCodec(96)!.Feedback, Is.EqualTo(new[] { "goog-remb", "transport-cc", "ccm fir", "nack", "nack pli" }));
        Assert.That(video.FindCodec(109)!.GetParameter("profile-level-id"), Is.EqualTo("42e01f"));
        Assert.That(video.FindCodec(109)!.GetParameter("packetization-mode"), Is.EqualTo("1"));
        Assert.That(result.Media.All(m => m.Accepted), Is.True);
    }

    [Test]
    public void Answer_receives_from_a_publisher_over_one_passive_ice_lite_transport()
    {
        var offer = SdpParser.Parse(SdpSamples.ChromeOffer);

        var answer = SdpAnswerBuilder.Build(offer, Options()).Answer;

        foreach (var media in answer.Media)
        {
            Assert.That(media.Direction, Is.EqualTo(MediaDirection.RecvOnly));
            Assert.That(media.Setup, Is.EqualTo(DtlsSetup.Passive), "answer to actpass: we are the DTLS server");
            Assert.That((media.IceUfrag, media.IcePwd), Is.EqualTo(("myvid1", "0123456789abcdef01234567")));
            Assert.That(media.Fingerprints, Is.EqualTo(new[] { OurFingerprint }));
            Assert.That(media.RtcpMux, Is.True);
            Assert.That(media.Ssrcs, Is.Empty, "we send nothing");
        }

        Assert.That(answer.Media[0].Candidates, Has.Count.EqualTo(1));
        Assert.That(answer.Media[0].EndOfCandidates, Is.True);
        Assert.That(answer.Media[1].Candidates, Is.Empty, "bundled: candidates only in the tagged section");
    }

    [Test]
    public void Keeps_only_extmaps_we_support_with_the_offered_ids()
    {
        var offer = SdpParser.Parse(SdpSamples.ChromeOffer);

        var answer = SdpAnswerBuilder.Build(offer, Options()).Answer;

        Assert.That(answer.Media[1].Extmaps.Select(e => (e.Id, e.Uri)), Is.EqualTo(new[]
        {
            (2, LocalCapabilities.AbsSendTime),
            (3, LocalCapabilities.TransportWideCc),
            (4, LocalCapabilities.SdesMid),
            (10, LocalCapabilities.RtpStreamId),
            (11, LocalCapabilities.RepairedRtpStreamId),
        }));
    }

    [Test]
    public void Rejects_firefox_data_channel_with_port_zero_and_a_reason()
    {
        var offer = SdpParser.Parse(SdpSamples.FirefoxOffer);

        var result = SdpAnswerBuilder.Build(offer, Options());

        Assert.That(result.Success, Is.True);
        var data = result.Answer.Media[2];
        Assert.That((data.Port, data.Mid, data.IsRejected), Is.EqualTo((0, "2", true)));
        Assert.That(data.Formats, Is.EqualTo(new[] { "webrtc-datachannel" }));
        Assert.That(result.Media[2].RejectReason, Does.Contain("data channels"));
        Assert.That(result.Answer.BundleGroup!.Mids, Is.EqualTo(new[] { "0", "1" }));
        Assert.That(PayloadTypes(result.Answer.Media[0]), Is.EqualTo(new byte[] { 109 }));
        Assert.That(PayloadTypes(result.Answer.Media[1]), Is.EqualTo(new byte[] { 120, 124, 126, 127 }));
    }

    [Test]
    public void Accepts_the_data_channel_when_enabled()
    {
        var capabilities = LocalCapabilities.CreateDefault();
        capabilities.DataChannels = true;

        var answer = SdpAnswerBuilder.Build(SdpParser.Parse(SdpSamples.FirefoxOffer), Options(capabilities)).Answer;

        var data = answer.Media[2];
        Assert.That((data.Port, data.SctpPort, data.MaxMessageSize), Is.EqualTo((9, (int?)5000, (ulong?)262144)));
        Assert.That(answer.BundleGroup!.Mids, Is.EqualTo(new[] { "0", "1", "2" }));
    }

    [Test]
    public void No_common_codec_anywhere_is_a_clear_failure()
    {
        var offer = SdpParser.Parse(SdpSamples.ChromeOffer);
        var capabilities = new LocalCapabilities();
        capabilities.Codecs.Add(new CodecCapability(MediaKind.Video, "H265", 90000));

        var result = SdpAnswerBuilder.Build(offer, Options(capabilities));

        Assert.That(result.Success, Is.False);
        Assert.That(result.Error, Does.Contain("no common codec").And.Contain("opus").And.Contain("VP8"));
        Assert.That(result.Answer.Media.All(m => m.Port == 0), Is.True);
        Assert.That(result.Answer.Groups, Is.Empty);
        Assert.That(SdpParser.TryParse(SdpWriter.Write(result.Answer), out _, out var error), Is.True, error);
    }

    [Test]
    public void Rejects_one_section_without_a_common_codec_and_keeps_the_other()
    {
        var offer = SdpParser.Parse(SdpSamples.ChromeOffer);
        var capabilities = LocalCapabilities.CreateDefault();
        capabilities.Codecs.Remove(capabilities.Codecs.Single(c => c.Name == "opus"));

        var result = SdpAnswerBuilder.Build(offer, Options(capabilities));

        Assert.That(result.Success, Is.True);
        Assert.That(result.Media[0].Accepted, Is.False);
        Assert.That(result.Media[0].RejectReason, Does.StartWith("no common codec"));
        Assert.That(result.Answer.Media[0].Port, Is.Zero);
        Assert.That(result.Answer.BundleGroup!.Mids, Is.EqualTo(new[] { "1" }));
        Assert.That(result.Answer.Media[1].Candidates, Is.Not.Empty, "candidates move to the first accepted section");
    }

    [TestCase(MediaDirection.SendRecv, MediaDirection.RecvOnly, MediaDirection.RecvOnly)]
    [TestCase(MediaDirection.SendOnly, MediaDirection.RecvOnly, MediaDirection.RecvOnly)]
    [TestCase(MediaDirection.RecvOnly, MediaDirection.RecvOnly, MediaDirection.Inactive)]
    [TestCase(MediaDirection.RecvOnly, MediaDirection.SendRecv, MediaDirection.SendOnly)]
    [TestCase(MediaDirection.SendRecv, MediaDirection.SendRecv, MediaDirection.SendRecv)]
    [TestCase(MediaDirection.Inactive, MediaDirection.SendRecv, MediaDirection.Inactive)]
    public void Answer_direction_is_the_reverse_of_the_offer_intersected_with_ours(MediaDirection offered, MediaDirection wanted, MediaDirection expected)
    {
        var offer = SdpParser.Parse(SdpSamples.ChromeOffer);
        offer.Media[1].Direction = offered;
        var options = Options();
        options.Directions[MediaKind.Video] = wanted;

        var answer = SdpAnswerBuilder.Build(offer, options).Answer;

        Assert.That(answer.Media[1].Direction, Is.EqualTo(expected));
    }

    [Test]
    public void Writes_our_msid_and_ssrc_lines_when_we_send()
    {
        var offer = SdpParser.Parse(SdpSamples.ChromeOffer);
        var options = Options();
        options.Directions[MediaKind.Video] = MediaDirection.SendRecv;
        options.SendTracks["1"] = new SendTrack(1111, "myvid", new Msid("s1", "t1"), 2222);
        options.SendTracks["0"] = new SendTrack(3333, "myvid", new Msid("s1", "t0"));

        var answer = SdpAnswerBuilder.Build(offer, options).Answer;

        var video = answer.Media[1];
        Assert.That(video.Direction, Is.EqualTo(MediaDirection.SendRecv));
        Assert.That(video.Msids, Is.EqualTo(new[] { new Msid("s1", "t1") }));
        Assert.That(video.SsrcGroups.Single().Ssrcs, Is.EqualTo(new uint[] { 1111, 2222 }));
        Assert.That(video.Ssrcs, Does.Contain(new SsrcLine(2222, "msid", "s1 t1")));
        Assert.That(answer.Media[0].Ssrcs, Is.Empty, "audio stays recvonly, so no ssrc even though a track is given");
        Assert.That(answer.MsidSemantic, Is.EqualTo("WMS s1"));
    }

    [TestCase(DtlsSetup.Active, DtlsSetup.Passive)]
    [TestCase(DtlsSetup.Passive, DtlsSetup.Active)]
    [TestCase(DtlsSetup.ActPass, DtlsSetup.Passive)]
    public void Answers_setup_per_rfc_8842(DtlsSetup offered, DtlsSetup expected)
    {
        var offer = SdpParser.Parse(SdpSamples.ChromeOffer);
        foreach (var media in offer.Media)
        {
            media.Setup = offered;
        }

        var answer = SdpAnswerBuilder.Build(offer, Options()).Answer;

        Assert.That(answer.Media.Select(m => m.Setup), Is.All.EqualTo(expected));
    }

    [Test]
    public void H264_level_is_the_lower_one_without_level_asymmetry()
    {
        var offer = SdpParser.Parse(SdpSamples.ChromeOffer);
        var h264 = offer.Media[1].FindCodec(109)!;
        h264.Parameters.Clear();
        h264.Parameters.Add(new FmtpParameter("packetization-mode", "1"));
        h264.Parameters.Add(new FmtpParameter("profile-level-id", "42e01f"));
        var capabilities = LocalCapabilities.CreateDefault();
        var ours = capabilities.Codecs.Single(c => c.Name == "H264");
        ours.Parameters[2] = new FmtpParameter("profile-level-id", "42e034");

        var answer = SdpAnswerBuilder.Build(offer, Options(capabilities)).Answer;

        Assert.That(answer.Media[1].FindCodec(109)!.GetParameter("profile-level-id"), Is.EqualTo("42e01f"));
    }

    [Test]
    public void Rejects_sections_outside_bundle_and_without_rtcp_mux()
    {
        var offer = SdpParser.Parse(SdpSamples.ChromeOffer);
        offer.Groups[0].Mids.Remove("1");
        offer.Media[0].RtcpMux = false;

        var result = SdpAnswerBuilder.Build(offer, Options());

        Assert.That(result.Media.Select(m => m.RejectReason), Is.EqualTo(new[] { "no rtcp-mux", "not in the offer's BUNDLE group" }));
        Assert.That(result.Success, Is.False);
    }

    [Test]
    public void Answer_round_trips_through_the_writer()
    {
        var answer = SdpAnswerBuilder.Build(SdpParser.Parse(SdpSamples.FirefoxOffer), Options()).Answer;

        var again = SdpParser.Parse(SdpWriter.Write(answer));

        Assert.That(again, Is.EqualTo(answer).UsingPropertiesComparer());
    }

    [Test]
    public void Bundle_group_follows_the_offers_group_order()
    {
        var offer = SdpParser.Parse(SdpSamples.ChromeOffer);
        offer.Groups[0].Mids.Clear();
        offer.Groups[0].Mids.Add("1");
        offer.Groups[0].Mids.Add("0");

        var answer = SdpAnswerBuilder.Build(offer, Options()).Answer;

        Assert.That(answer.BundleGroup!.Mids, Is.EqualTo(new[] { "1", "0" }));
        Assert.That(answer.Media[1].Candidates, Is.Not.Empty, "the tagged section carries the candidates");
        Assert.That(answer.Media[0].Candidates, Is.Empty);
    }

    [Test]
    public void An_offer_without_media_is_a_clear_failure()
    {
        var result = SdpAnswerBuilder.Build(SdpParser.Parse("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"), Options());

        Assert.That(result.Success, Is.False);
        Assert.That(result.Error, Does.Contain("no m= section"));
    }

    [Test]
    public void Audio_red_is_kept_only_while_the_codec_it_carries_is()
    {
        var capabilities = LocalCapabilities.CreateDefault();
        capabilities.Codecs.Add(new CodecCapability(MediaKind.Audio, "red", 48000, 2));

        var withOpus = SdpAnswerBuilder.Build(SdpParser.Parse(SdpSamples.ChromeOffer), Options(capabilities)).Answer;
        capabilities.Codecs.Remove(capabilities.Codecs.Single(c => c.Name == "opus"));
        var withoutOpus = SdpAnswerBuilder.Build(SdpParser.Parse(SdpSamples.ChromeOffer), Options(capabilities)).Answer;

        Assert.That(PayloadTypes(withOpus.Media[0]), Is.EqualTo(new byte[] { 111, 63 }));
        Assert.That(withOpus.Media[0].FindCodec(63)!.Parameters.Single().Name, Is.EqualTo("111/111"));
        Assert.That(withoutOpus.Media[0].IsRejected, Is.True);
    }

    [Test]
    public void Video_red_and_ulpfec_alone_are_no_common_codec()
    {
        var capabilities = new LocalCapabilities();
        capabilities.Codecs.Add(new CodecCapability(MediaKind.Video, "red", 90000));
        capabilities.Codecs.Add(new CodecCapability(MediaKind.Video, "ulpfec", 90000));

        var result = SdpAnswerBuilder.Build(SdpParser.Parse(SdpSamples.ChromeOffer), Options(capabilities));

        Assert.That(result.Media[1].RejectReason, Does.StartWith("no common codec"));
    }
}
