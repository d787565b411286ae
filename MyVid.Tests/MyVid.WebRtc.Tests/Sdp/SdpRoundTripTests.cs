using MyVid.WebRtc.Sdp;

namespace MyVid.WebRtc.Tests.Sdp;

public class SdpRoundTripTests
{
    private static readonly string[] Samples = [SdpSamples.ChromeOffer, SdpSamples.FirefoxOffer];

    [TestCaseSource(nameof(Samples))]
    public void Parse_of_write_gives_the_same_description(string sdp)
    {
        var original = SdpParser.Parse(sdp);

        var again = SdpParser.Parse(SdpWriter.Write(original));

        Assert.That(again, Is.EqualTo(original).UsingPropertiesComparer());
    }

    [Test]
    public void Writes_the_chrome_offer_back_line_for_line()
    {
        var written = SdpWriter.Write(SdpParser.Parse(SdpSamples.ChromeOffer));

        Assert.That(written, Is.EqualTo(SdpSamples.ChromeOffer));
    }

    [Test]
    public void Writes_crlf_and_the_grammar_order_of_session_lines()
    {
        var written = SdpWriter.Write(SdpParser.Parse(SdpSamples.FirefoxOffer));
        var lines = written.Split("\r\n");

        Assert.That(written, Does.Not.Contain("\n\n").And.Not.Match("[^\r]\n"));
        Assert.That(lines[..4].Select(l => l[..2]), Is.EqualTo(new[] { "v=", "o=", "s=", "t=" }));
        Assert.That(written, Does.EndWith("\r\n"));
    }

    [Test]
    public void Properties_comparer_sees_a_difference_deep_in_a_codec()
    {
        // Guards the round-trip test above: it must compare nested lists, not references.
        var a = SdpParser.Parse(SdpSamples.ChromeOffer);
        var b = SdpParser.Parse(SdpSamples.ChromeOffer);
        b.Media[1].Codecs[3].Feedback.Add("nack sli");

        Assert.That(b, Is.Not.EqualTo(a).UsingPropertiesComparer());
    }
}
