using System.Text;
using MyVid.WebRtc.Ice;

namespace MyVid.WebRtc.Fuzzing.Targets;

/// <summary>ICE candidate attribute parse (RFC 8839 §5.1); what parses must write back to text that parses the same.</summary>
public sealed class IceCandidateTarget : FuzzTarget
{
    public IceCandidateTarget()
        : base("ice-candidate", [.. Captures.CandidateLines.Select(Encoding.UTF8.GetBytes)])
    {
    }

    public override bool Run(Span<byte> input)
    {
        if (!IceCandidate.TryParse(Encoding.UTF8.GetString(input), out var candidate) || candidate is null)
        {
            return false;
        }

        candidate.TryGetEndPoint(out _);
        _ = candidate.IsMdns;
        var written = candidate.ToString();
        if (!IceCandidate.TryParse(written, out var again) || again?.ToString() != written)
        {
            throw new FuzzInvariantException($"'{written}' does not round-trip");
        }

        return true;
    }
}
