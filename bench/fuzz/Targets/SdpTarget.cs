using System.Text;
using MyVid.WebRtc.Sdp;
using MyVid.WebRtc.Tests.Sdp;

namespace MyVid.WebRtc.Fuzzing.Targets;

/// <summary>
/// SDP parse of mutated browser offers; what parses is answered (codec intersection, directions) and both the
/// offer and the answer are written and must parse again.
/// </summary>
public sealed class SdpTarget : FuzzTarget
{
    private static readonly SdpFingerprint OurFingerprint = new("sha-256", string.Join(':', Enumerable.Repeat("5A", 32)));

    public SdpTarget()
        : base("sdp", [Encoding.UTF8.GetBytes(SdpSamples.ChromeOffer), Encoding.UTF8.GetBytes(SdpSamples.FirefoxOffer)])
    {
    }

    public override bool Run(Span<byte> input)
    {
        var text = Encoding.UTF8.GetString(input);
        if (!SdpParser.TryParse(text, out var offer, out _))
        {
            return false;
        }

        Reparse(SdpWriter.Write(offer), "offer");
        var transport = new LocalTransport("myvid1", "0123456789abcdef01234567", OurFingerprint);
        transport.Candidates.Add("1 1 udp 2130706431 192.0.2.10 40000 typ host");
        var result = SdpAnswerBuilder.Build(offer, new AnswerOptions(LocalCapabilities.CreateDefault(), transport, SdpOrigin.Anonymous("9", 1)));
        var answer = SdpWriter.Write(result.Answer);
        Reparse(answer, "answer");
        if (result.Success)
        {
            SdpNegotiation.TryNegotiate(offer, SdpParser.Parse(answer), localIsOfferer: false, out _, out _);
        }

        return true;
    }

    private static void Reparse(string sdp, string what)
    {
        if (!SdpParser.TryParse(sdp, out _, out var error))
        {
            throw new FuzzInvariantException($"the written {what} does not parse: {error}");
        }
    }
}
