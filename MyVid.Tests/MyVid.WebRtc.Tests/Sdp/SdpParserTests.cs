using MyVid.WebRtc.Sdp;

namespace MyVid.WebRtc.Tests.Sdp;

public class SdpParserTests
{
    [Test]
    public void Parses_the_chrome_offer()
    {
        var offer = SdpParser.Parse(SdpSamples.ChromeOffer);

        Assert.That(offer.Origin.SessionId, Is.EqualTo("6944530893171245861"));
        Assert.That(offer.Origin.SessionVersion, Is.EqualTo(2UL));
        Assert.That(offer.BundleGroup!.Mids, Is.EqualTo(new[] { "0", "1" }));
        Assert.That(offer.ExtmapAllowMixed, Is.True);
        Assert.That(offer.MsidSemantic, Is.EqualTo("WMS 8b9f1f3c-46c1-4e0e-9a5e-2d7b0e4f6a11"));
        Assert.That(offer.Media, Has.Count.EqualTo(2));

        var audio = offer.Media[0];
        Assert.That(audio.Kind, Is.EqualTo(MediaKind.Audio));
        Assert.That(audio.Mid, Is.EqualTo("0"));
        Assert.That(audio.Direction, Is.EqualTo(MediaDirection.SendRecv));
        Assert.That(audio.Codecs.Select(c => c.PayloadType), Is.EqualTo(new byte[] { 111, 63, 9, 0, 8, 13, 110, 126 }));
        var opus = audio.Codecs[0];
        Assert.That((opus.Name, opus.ClockRate, opus.Channels), Is.EqualTo(("opus", 48000, (int?)2)));
        Assert.That(opus.GetParameter("useinbandfec"), Is.EqualTo("1"));
        Assert.That(opus.Feedback, Is.EqualTo(new[] { "transport-cc" }));
        Assert.That(audio.FindCodec(63)!.Parameters, Is.EqualTo(new[] { new FmtpParameter("111/111", null) }));
        Assert.That(audio.Candidates, Has.Count.EqualTo(2));
        Assert.That(audio.Candidates[0], Does.Contain(".local 51234 typ host"));
        Assert.That(audio.IceUfrag, Is.EqualTo("Xq3Z"));
        Assert.That(audio.IceOptions, Is.EqualTo(new[] { "trickle" }));
        Assert.That(audio.Fingerprints.Single().HashFunction, Is.EqualTo("sha-256"));
        Assert.That(audio.Setup, Is.EqualTo(DtlsSetup.ActPass));
        Assert.That((audio.RtcpMux, audio.RtcpReducedSize, audio.RtcpMuxOnly), Is.EqualTo((true, true, false)));
        Assert.That(audio.Rtcp, Is.EqualTo("9 IN IP4 0.0.0.0"));
        Assert.That(audio.Extmaps[3], Is.EqualTo(new Extmap(4, "urn:ietf:params:rtp-hdrext:sdes:mid")));
        Assert.That(audio.Msids.Single(), Is.EqualTo(new Msid("8b9f1f3c-46c1-4e0e-9a5e-2d7b0e4f6a11", "1c0e7d52-7a0b-4f57-b1d2-36c8e4f0a9b3")));
        Assert.That(audio.Ssrcs[1], Is.EqualTo(new SsrcLine(3421870215, "msid", "8b9f1f3c-46c1-4e0e-9a5e-2d7b0e4f6a11 1c0e7d52-7a0b-4f57-b1d2-36c8e4f0a9b3")));
        Assert.That(audio.Attributes, Is.Empty);

        var video = offer.Media[1];
        Assert.That(video.Codecs, Has.Count.EqualTo(25));
        Assert.That(video.Codecs[0].Feedback, Is.EqualTo(new[] { "goog-remb", "transport-cc", "ccm fir", "nack", "nack pli" }));
        Assert.That(video.FindCodec(97)!.AssociatedPayloadType, Is.EqualTo((byte)96));
        Assert.That(video.FindCodec(109)!.GetParameter("profile-level-id"), Is.EqualTo("42e01f"));
        Assert.That(video.FindCodec(45)!.Name, Is.EqualTo("AV1"));
        Assert.That(video.Extmaps, Has.Count.EqualTo(11));
        var fid = video.SsrcGroups.Single();
        Assert.That((fid.Semantics, fid.Ssrcs), Is.EqualTo((SsrcGroup.Fid, new List<uint> { 1987365542, 2765432109 })));
        Assert.That(video.Attributes, Is.Empty);
    }

    [Test]
    public void Parses_the_firefox_offer_with_fmtp_before_rtpmap_and_a_session_level_fingerprint()
    {
        var offer = SdpParser.Parse(SdpSamples.FirefoxOffer);

        Assert.That(offer.Origin.Username, Is.EqualTo("mozilla...THIS_IS_SDPARTA-140.0"));
        Assert.That(offer.BundleGroup!.Mids, Is.EqualTo(new[] { "0", "1", "2" }));
        Assert.That(offer.MsidSemantic, Is.EqualTo("WMS *"));
        Assert.That(offer.Fingerprints, Has.Count.EqualTo(1));

        var audio = offer.Media[0];
        Assert.That(audio.Fingerprints, Is.EqualTo(offer.Fingerprints), "session-level fingerprint inherited");
        Assert.That(audio.IceOptions, Is.EqualTo(new[] { "trickle" }), "session-level ice-options inherited");
        Assert.That(audio.Connection, Is.EqualTo(new SdpConnection("IN", "IP4", "198.51.100.7")));
        Assert.That(audio.Port, Is.EqualTo(51892));
        Assert.That(audio.EndOfCandidates, Is.True);
        Assert.That(audio.Candidates, Has.Count.EqualTo(3));
        Assert.That(audio.Codecs[0].GetParameter("stereo"), Is.EqualTo("1"));
        Assert.That(audio.FindCodec(9)!.Channels, Is.EqualTo(1));
        Assert.That(audio.FindCodec(0)!.Name, Is.EqualTo("PCMU"));
        Assert.That(audio.Extmaps[1], Is.EqualTo(new Extmap(2, "urn:ietf:params:rtp-hdrext:csrc-audio-level", MediaDirection.RecvOnly)));
        Assert.That(audio.Msids.Single().StreamId, Is.EqualTo("{5d3e7a91-0c42-4b8f-9e1d-6a2b3c4d5e6f}"));

        var video = offer.Media[1];
        Assert.That(video.Codecs.Select(c => c.PayloadType), Is.EqualTo(new byte[] { 120, 124, 121, 125, 126, 127, 97, 98, 123, 122, 119 }));
        Assert.That(video.FindCodec(126)!.GetParameter("packetization-mode"), Is.EqualTo("1"));
        Assert.That(video.FindCodec(126)!.Feedback, Has.Count.EqualTo(5));
        Assert.That(video.FindCodec(119)!.AssociatedPayloadType, Is.EqualTo((byte)122));

        var data = offer.Media[2];
        Assert.That(data.Kind, Is.EqualTo(MediaKind.Application));
        Assert.That(data.IsRtp, Is.False);
        Assert.That(data.Formats, Is.EqualTo(new[] { "webrtc-datachannel" }));
        Assert.That((data.SctpPort, data.MaxMessageSize), Is.EqualTo(((int?)5000, (ulong?)1073741823)));
    }

    [Test]
    public void Accepts_bare_line_feeds_the_same_as_crlf()
    {
        var crlf = SdpParser.Parse(SdpSamples.ChromeOffer);
        var lf = SdpParser.Parse(SdpSamples.ChromeOffer.Replace("\r\n", "\n", StringComparison.Ordinal));

        Assert.That(SdpWriter.Write(lf), Is.EqualTo(SdpWriter.Write(crlf)));
    }

    [Test]
    public void Keeps_unknown_attributes_in_order()
    {
        var sdp = Minimal + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=x-google-flag:conference\r\na=rtpmap:96 VP8/90000\r\na=framerate:30\r\na=x-flag\r\n";

        var media = SdpParser.Parse(sdp).Media[0];

        Assert.That(media.Attributes, Is.EqualTo(new[]
        {
            new SdpAttributeLine("x-google-flag", "conference"),
            new SdpAttributeLine("framerate", "30"),
            new SdpAttributeLine("x-flag", null),
        }));
    }

    [Test]
    public void Parses_rid_simulcast_and_bundle_only()
    {
        var sdp = Minimal + "m=video 0 UDP/TLS/RTP/SAVPF 96\r\na=bundle-only\r\na=rtpmap:96 VP8/90000\r\n"
            + "a=rid:q send max-width=320\r\na=rid:h send\r\na=rid:f send\r\na=simulcast:send q;h,~f\r\n";

        var media = SdpParser.Parse(sdp).Media[0];

        Assert.That(media.BundleOnly, Is.True);
        Assert.That(media.IsRejected, Is.False);
        Assert.That(media.Rids[0], Is.EqualTo(new RidDescription("q", "send", "max-width=320")));
        Assert.That(media.Simulcast!.Send.Select(s => string.Join(',', s)), Is.EqualTo(new[] { "q", "h,~f" }));
        Assert.That(media.Simulcast.Receive, Is.Empty);
    }

    private const string Minimal = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

    [TestCase("", "empty")]
    [TestCase("   \r\n", "empty")]
    [TestCase("o=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n", "expected v=")]
    [TestCase("v=1\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n", "version")]
    [TestCase("v=0\r\ns=-\r\nt=0 0\r\n", "expected o=")]
    [TestCase("v=0\r\no=- 1 x IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n", "bad o=")]
    [TestCase("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n", "missing s=")]
    [TestCase("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n", "missing t=")]
    [TestCase("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nm=audio 9 RTP/AVP 0\r\n", "m= before t=")]
    [TestCase(Minimal + "m=audio 9 RTP/AVP\r\n", "bad m= line")]
    [TestCase(Minimal + "m=audio nine RTP/AVP 0\r\n", "bad m= port")]
    [TestCase(Minimal + "m=audio 70000 RTP/AVP 0\r\n", "bad m= port")]
    [TestCase(Minimal + "m=audio -9 RTP/AVP 0\r\n", "bad m= port")]
    [TestCase(Minimal + "m=audio 9/x RTP/AVP 0\r\n", "port count")]
    [TestCase(Minimal + "m=audio 9 UDP/TLS/RTP/SAVPF 128\r\n", "payload type")]
    [TestCase(Minimal + "m=audio 9 UDP/TLS/RTP/SAVPF 0 0\r\n", "twice")]
    [TestCase(Minimal + "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 opus\r\n", "rtpmap")]
    [TestCase(Minimal + "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:x opus/48000\r\n", "rtpmap")]
    [TestCase(Minimal + "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 opus/fast\r\n", "rtpmap")]
    [TestCase(Minimal + "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=fmtp:abc x=1\r\n", "fmtp")]
    [TestCase(Minimal + "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=rtcp-fb:\r\n", "rtcp-fb")]
    [TestCase(Minimal + "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=extmap:0 urn:x\r\n", "extmap id")]
    [TestCase(Minimal + "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=extmap:1/sideways urn:x\r\n", "extmap direction")]
    [TestCase(Minimal + "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=setup:sometimes\r\n", "setup")]
    [TestCase(Minimal + "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=fingerprint:sha-256\r\n", "fingerprint")]
    [TestCase(Minimal + "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=ssrc:-1 cname:x\r\n", "ssrc")]
    [TestCase(Minimal + "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=ssrc-group:FID 1 x\r\n", "ssrc-group")]
    [TestCase(Minimal + "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:\r\n", "mid")]
    [TestCase(Minimal + "m=audio 9 UDP/TLS/RTP/SAVPF 96\r\nt=0 0\r\n", "not allowed in a media section")]
    [TestCase(Minimal + "x=unknown\r\n", "not allowed at session level")]
    [TestCase(Minimal + "garbage\r\n", "not a <type>=<value> line")]
    [TestCase("\u0000\u0001\u00ff=\r\n", "not a <type>=<value> line")]
    public void Rejects_malformed_input_with_a_message(string sdp, string expected)
    {
        var ok = SdpParser.TryParse(sdp, out _, out var error);

        Assert.That(ok, Is.False);
        Assert.That(error, Does.Contain(expected));
    }

    [Test]
    public void Rejects_null()
    {
        Assert.That(SdpParser.TryParse(null, out _, out var error), Is.False);
        Assert.That(error, Is.Not.Empty);
    }

    [Test]
    public void Never_throws_on_random_mutations_of_real_offers()
    {
        var random = new Random(8866);
        var samples = new[] { SdpSamples.ChromeOffer, SdpSamples.FirefoxOffer };
        const string alphabet = "0123456789 :/=;.-\r\nabcmtvos*~\u00e9\0";
        var options = new AnswerOptions(LocalCapabilities.CreateDefault(), SdpAnswerBuilderTests.Transport(), SdpOrigin.Anonymous("1", 1));
        var failures = 0;
        for (var i = 0; i < 3000; i++)
        {
            var chars = samples[i % 2].ToCharArray().ToList();
            for (var edits = random.Next(1, 8); edits > 0; edits--)
            {
                var at = random.Next(chars.Count);
                switch (random.Next(3))
                {
                    case 0:
                        chars.RemoveRange(at, Math.Min(random.Next(1, 40), chars.Count - at));
                        break;
                    case 1:
                        chars.Insert(at, alphabet[random.Next(alphabet.Length)]);
                        break;
                    default:
                        chars[at] = alphabet[random.Next(alphabet.Length)];
                        break;
                }
            }

            var mutated = new string([.. chars]);
            if (!SdpParser.TryParse(mutated, out var parsed, out var error))
            {
                failures++;
                Assert.That(error, Is.Not.Empty);
                continue;
            }

            // Whatever parses must write and parse back to the same thing, and be answerable without throwing.
            var written = SdpWriter.Write(parsed);
            Assert.That(SdpWriter.Write(SdpParser.Parse(written)), Is.EqualTo(written), mutated);
            var answer = SdpAnswerBuilder.Build(parsed, options).Answer;
            SdpNegotiation.TryNegotiate(parsed, answer, localIsOfferer: false, out _, out _);
        }

        Assert.That(failures, Is.InRange(100, 2900), "mutations should hit both the error and the success paths");
    }
}
