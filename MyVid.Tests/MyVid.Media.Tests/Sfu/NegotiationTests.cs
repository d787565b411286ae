using FluentValidation.TestHelper;
using MyVid.Media.Sfu;
using MyVid.WebRtc.Sdp;
using MyVid.WebRtc.Tests.Sdp;

namespace MyVid.Media.Tests.Sfu;

/// <summary>What the node takes from a publisher, and its options.</summary>
public sealed class NegotiationTests
{
    [Test]
    public void A_publisher_gets_one_video_codec_with_its_rtx_and_no_transport_cc()
    {
        var offer = SdpParser.Parse(SdpSamples.ChromeOffer);
        var transport = new LocalTransport("abcd", "0123456789012345678901", new SdpFingerprint("sha-256", "00"));
        var result = SdpAnswerBuilder.Build(offer, new AnswerOptions(StreamNegotiation.PublisherCapabilities(offer), transport, SdpOrigin.Anonymous("1", 1)));
        Assert.That(result.Success, Is.True, result.Error);
        StreamNegotiation.KeepOneCodecPerSection(result.Answer);
        var video = result.Answer.Media.Single(m => m.Kind == MediaKind.Video);
        var audio = result.Answer.Media.Single(m => m.Kind == MediaKind.Audio);
        Assert.Multiple(() =>
        {
            Assert.That(video.Codecs.Select(c => c.ToString()), Is.EqualTo(new[] { "96 VP8/90000", "97 rtx/90000" }));
            Assert.That(audio.Codecs.Select(c => c.Name), Is.EqualTo(new[] { "opus" }));
            Assert.That(video.Codecs[0].Feedback, Does.Not.Contain("transport-cc").And.Contain("nack pli"));
            Assert.That(video.Extmaps.Select(e => e.Uri), Does.Not.Contain(LocalCapabilities.TransportWideCc));
            Assert.That(video.Direction, Is.EqualTo(MediaDirection.RecvOnly));
        });
    }

    [Test]
    public void A_wildcard_bind_address_needs_an_advertised_address()
    {
        var validator = new MediaOptionsValidator();
        validator.TestValidate(new MediaOptions { BindAddress = "0.0.0.0" }).ShouldHaveValidationErrorFor(o => o.AdvertisedAddress);
        validator.TestValidate(new MediaOptions { BindAddress = "0.0.0.0", AdvertisedAddress = "203.0.113.5", Port = 40000 }).ShouldNotHaveAnyValidationErrors();
        validator.TestValidate(new MediaOptions { BindAddress = "not an ip" }).ShouldHaveValidationErrorFor(o => o.BindAddress);
        validator.TestValidate(new MediaOptions { Port = 70000 }).ShouldHaveValidationErrorFor(o => o.Port);
        validator.TestValidate(new MediaOptions { AdvertisedAddress = "0.0.0.0" }).ShouldHaveValidationErrorFor(o => o.AdvertisedAddress);
    }
}
