using MyVid.WebRtc.Dtls;
using MyVid.WebRtc.Sdp;

namespace MyVid.WebRtc.Tests.Sdp;

public class SdpOfferAndNegotiationTests
{
    private static RtpCodec Codec(byte pt, string name, int clockRate, int? channels = null, params string[] fmtp)
    {
        var codec = new RtpCodec(pt, name, clockRate, channels);
        foreach (var p in fmtp)
        {
            var parts = p.Split('=');
            codec.Parameters.Add(new FmtpParameter(parts[0], parts[1]));
        }

        return codec;
    }

    /// <summary>The SFU offering one viewer a publisher's microphone and camera.</summary>
    private static SessionDescription ViewerOffer()
    {
        var audio = new OfferedTrack(MediaKind.Audio, new SendTrack(5001, "sfu", new Msid("pub1", "mic")));
        audio.Codecs.Add(Codec(111, "opus", 48000, 2, "minptime=10", "useinbandfec=1"));
        audio.Extmaps.Add(new Extmap(4, LocalCapabilities.SdesMid));

        var video = new OfferedTrack(MediaKind.Video, new SendTrack(6001, "sfu", new Msid("pub1", "cam"), 6002));
        video.Codecs.Add(Codec(96, "VP8", 90000));
        video.Codecs.Add(Codec(97, "rtx", 90000, null, "apt=96"));
        video.Codecs.Add(Codec(102, "H264", 90000, null, "level-asymmetry-allowed=1", "packetization-mode=1", "profile-level-id=42e01f"));
        video.Codecs.Add(Codec(103, "rtx", 90000, null, "apt=102"));
        video.Codecs[0].Feedback.Add("nack");
        video.Codecs[0].Feedback.Add("nack pli");
        video.Extmaps.Add(new Extmap(4, LocalCapabilities.SdesMid));
        video.Extmaps.Add(new Extmap(3, LocalCapabilities.TransportWideCc));

        return SdpOfferBuilder.Build(SdpAnswerBuilderTests.Transport(), SdpOrigin.Anonymous("4242", 1), [audio, video]);
    }

    /// <summary>What a viewer's browser answers; here with its own payload types and extmap ids for video.</summary>
    private const string ViewerAnswer = """
        v=0
        o=- 3093527712263364150 2 IN IP4 127.0.0.1
        s=-
        t=0 0
        a=group:BUNDLE 0 1
        a=msid-semantic: WMS
        m=audio 9 UDP/TLS/RTP/SAVPF 111
        c=IN IP4 0.0.0.0
        a=rtcp:9 IN IP4 0.0.0.0
        a=candidate:2999745851 1 udp 2122260223 a2f7c8e1-1b3d-4e5f-9a6b-7c8d9e0f1a2b.local 61003 typ host generation 0
        a=ice-ufrag:vW9r
        a=ice-pwd:Lq0H3c8xYk2n5tB7vD1fR6sJ
        a=ice-options:trickle
        a=fingerprint:sha-256 A6:AE:B9:A3:7A:67:4F:60:C9:16:42:41:15:BE:73:83:8D:70:A7:DC:12:D8:85:51:AC:88:6D:26:1E:9C:4E:0D
        a=setup:active
        a=mid:0
        a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
        a=recvonly
        a=rtcp-mux
        a=rtpmap:111 opus/48000/2
        a=fmtp:111 minptime=10;useinbandfec=1
        m=video 9 UDP/TLS/RTP/SAVPF 100 101
        c=IN IP4 0.0.0.0
        a=rtcp:9 IN IP4 0.0.0.0
        a=ice-ufrag:vW9r
        a=ice-pwd:Lq0H3c8xYk2n5tB7vD1fR6sJ
        a=ice-options:trickle
        a=fingerprint:sha-256 A6:AE:B9:A3:7A:67:4F:60:C9:16:42:41:15:BE:73:83:8D:70:A7:DC:12:D8:85:51:AC:88:6D:26:1E:9C:4E:0D
        a=setup:active
        a=mid:1
        a=extmap:9 urn:ietf:params:rtp-hdrext:sdes:mid
        a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=recvonly
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:100 VP8/90000
        a=rtcp-fb:100 nack
        a=rtcp-fb:100 nack pli
        a=rtpmap:101 rtx/90000
        a=fmtp:101 apt=100

        """;

    [Test]
    public void Offer_bundles_sendonly_sections_with_actpass_and_our_ssrcs()
    {
        var offer = ViewerOffer();

        Assert.That(offer.BundleGroup!.Mids, Is.EqualTo(new[] { "0", "1" }));
        Assert.That(offer.IceLite, Is.True);
        Assert.That(offer.MsidSemantic, Is.EqualTo("WMS pub1"));
        Assert.That(offer.Media.Select(m => m.Kind), Is.EqualTo(new[] { MediaKind.Audio, MediaKind.Video }));
        foreach (var media in offer.Media)
        {
            Assert.That(media.Setup, Is.EqualTo(DtlsSetup.ActPass));
            Assert.That(media.Direction, Is.EqualTo(MediaDirection.SendOnly));
            Assert.That(media.RtcpMux, Is.True);
        }

        var video = offer.Media[1];
        Assert.That(video.Codecs.Select(c => c.PayloadType), Is.EqualTo(new byte[] { 96, 97, 102, 103 }));
        Assert.That(video.SsrcGroups.Single().Ssrcs, Is.EqualTo(new uint[] { 6001, 6002 }));
        Assert.That(video.Ssrcs.Where(s => s.Attribute == "cname").Select(s => s.Ssrc), Is.EqualTo(new uint[] { 6001, 6002 }));
        Assert.That(video.Msids.Single(), Is.EqualTo(new Msid("pub1", "cam")));
        Assert.That(offer.Media[0].Candidates, Has.Count.EqualTo(1));
        Assert.That(offer.Media[0].EndOfCandidates, Is.True);
        Assert.That(video.Candidates, Is.Empty);
    }

    [Test]
    public void Offer_round_trips_through_the_writer()
    {
        var offer = ViewerOffer();

        Assert.That(SdpParser.Parse(SdpWriter.Write(offer)), Is.EqualTo(offer).UsingPropertiesComparer());
    }

    [Test]
    public void Applying_the_viewers_answer_maps_payload_types_and_extmap_ids()
    {
        var offer = ViewerOffer();

        var ok = SdpNegotiation.TryNegotiate(offer, SdpParser.Parse(ViewerAnswer), localIsOfferer: true, out var result, out var error);

        Assert.That(ok, Is.True, error);
        Assert.That(result!.RemoteIceUfrag, Is.EqualTo("vW9r"));
        Assert.That(result.RemoteIcePwd, Is.EqualTo("Lq0H3c8xYk2n5tB7vD1fR6sJ"));
        Assert.That(result.RemoteFingerprint.HashFunction, Is.EqualTo("sha-256"));
        Assert.That(result.RemoteCandidates.Single(), Does.Contain(".local 61003"));
        Assert.That(result.LocalDtlsRole, Is.EqualTo(DtlsRole.Server), "the viewer said active: it is the DTLS client");

        var video = result.Media[1];
        Assert.That(video.Direction, Is.EqualTo(MediaDirection.SendOnly));
        Assert.That(video.Codecs.Select(c => (c.Codec.Name, c.LocalPayloadType, c.RemotePayloadType)), Is.EqualTo(new[]
        {
            ("VP8", (byte)96, (byte)100),
            ("rtx", (byte)97, (byte)101),
        }));
        Assert.That(video.Extmaps, Is.EqualTo(new[]
        {
            new ExtmapMapping(LocalCapabilities.SdesMid, 4, 9),
            new ExtmapMapping(LocalCapabilities.TransportWideCc, 3, 3),
        }));
        Assert.That(result.Media[0].Codecs.Single().LocalPayloadType, Is.EqualTo((byte)111));
    }

    [TestCase("passive", true, DtlsRole.Client)]
    [TestCase("active", true, DtlsRole.Server)]
    [TestCase("actpass", false, null)]
    [TestCase("holdconn", false, null)]
    public void Dtls_role_follows_the_answers_setup(string setup, bool valid, DtlsRole? expected)
    {
        var answer = SdpParser.Parse(ViewerAnswer.Replace("a=setup:active", "a=setup:" + setup, StringComparison.Ordinal));

        var ok = SdpNegotiation.TryNegotiate(ViewerOffer(), answer, localIsOfferer: true, out var result, out var error);

        Assert.That(ok, Is.EqualTo(valid), error);
        Assert.That(result?.LocalDtlsRole, Is.EqualTo(expected));
        Assert.That(error, valid ? Is.Empty : Does.Contain("setup"));
    }

    [Test]
    public void An_answer_with_other_sections_than_the_offer_is_refused()
    {
        var answer = SdpParser.Parse(ViewerAnswer);
        answer.Media.RemoveAt(1);

        Assert.That(SdpNegotiation.TryNegotiate(ViewerOffer(), answer, true, out _, out var error), Is.False);
        Assert.That(error, Does.Contain("m= sections"));

        answer = SdpParser.Parse(ViewerAnswer);
        answer.Media[1].Mid = "video";
        Assert.That(SdpNegotiation.TryNegotiate(ViewerOffer(), answer, true, out _, out error), Is.False);
        Assert.That(error, Does.Contain("differs"));
    }

    [Test]
    public void A_rejected_section_negotiates_to_inactive()
    {
        var answer = SdpParser.Parse(ViewerAnswer);
        answer.Media[0].Port = 0;

        Assert.That(SdpNegotiation.TryNegotiate(ViewerOffer(), answer, true, out var result, out var error), Is.True, error);
        Assert.That((result!.Media[0].Accepted, result.Media[0].Direction), Is.EqualTo((false, MediaDirection.Inactive)));
        Assert.That(result.Media[0].Codecs, Is.Empty);
        Assert.That(result.RemoteIceUfrag, Is.EqualTo("vW9r"), "transport taken from the first accepted section");
    }

    [Test]
    public void Publisher_flow_gives_the_browsers_transport_and_makes_us_dtls_server()
    {
        var offer = SdpParser.Parse(SdpSamples.ChromeOffer);
        var options = new AnswerOptions(LocalCapabilities.CreateDefault(), SdpAnswerBuilderTests.Transport(), SdpOrigin.Anonymous("9", 1));
        var answer = SdpAnswerBuilder.Build(offer, options).Answer;

        var ok = SdpNegotiation.TryNegotiate(offer, answer, localIsOfferer: false, out var result, out var error);

        Assert.That(ok, Is.True, error);
        Assert.That(result!.LocalDtlsRole, Is.EqualTo(DtlsRole.Server));
        Assert.That((result.RemoteIceUfrag, result.RemoteIcePwd), Is.EqualTo(("Xq3Z", "d2VkJ8uQ1XyR+4bNfA0pLm7s")));
        Assert.That(result.RemoteCandidates, Has.Count.EqualTo(2));
        var video = result.Media[1];
        Assert.That(video.Direction, Is.EqualTo(MediaDirection.RecvOnly));
        Assert.That(video.Codecs.Select(c => (c.LocalPayloadType, c.RemotePayloadType)), Is.EqualTo(new[] { ((byte)96, (byte)96), ((byte)109, (byte)109), ((byte)97, (byte)97), ((byte)114, (byte)114) }));
        Assert.That(video.RemoteSsrcs.Select(s => s.Ssrc).Distinct(), Is.EqualTo(new uint[] { 1987365542, 2765432109 }));
    }

    [TestCase("42e01f", "constrained-baseline")]
    [TestCase("42001f", "baseline")]
    [TestCase("4d001f", "main")]
    [TestCase("4d801f", "constrained-baseline")]
    [TestCase("64001f", "high")]
    [TestCase("640c1f", "constrained-high")]
    public void H264_profile_per_rfc_6184_table_5(string profileLevelId, string profile)
    {
        Assert.That(H264ProfileLevelId.TryParse(profileLevelId, out var parsed), Is.True);
        Assert.That(parsed.Profile, Is.EqualTo(profile));
        Assert.That(parsed.ToString(), Is.EqualTo(profileLevelId));
    }

    [TestCase("42e01")]
    [TestCase("zze01f")]
    [TestCase("")]
    public void H264_profile_level_id_rejects_bad_text(string text) =>
        Assert.That(H264ProfileLevelId.TryParse(text, out _), Is.False);
}
