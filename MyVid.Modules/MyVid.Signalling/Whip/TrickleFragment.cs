using MyVid.WebRtc.Ice;

namespace MyVid.Signalling.Whip;

/// <summary>
/// An <c>application/trickle-ice-sdpfrag</c> body (RFC 8840 §9): ICE credentials, m= and mid lines, candidates and
/// end-of-candidates. Only the candidates are kept; each must parse as one.
/// </summary>
internal sealed record TrickleFragment(string? Ufrag, string? Pwd, IReadOnlyList<string> Candidates)
{
    public const string ContentType = SdpRequest.TrickleType;

    public static bool TryParse(string text, out TrickleFragment fragment, out string error)
    {
        string? ufrag = null, pwd = null;
        var candidates = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }
            if (line.Length < 2 || line[1] != '=')
            {
                fragment = null!;
                error = $"not an SDP line: '{Truncate(line)}'";
                return false;
            }
            if (line.StartsWith("a=ice-ufrag:", StringComparison.Ordinal))
            {
                ufrag = line["a=ice-ufrag:".Length..];
            }
            else if (line.StartsWith("a=ice-pwd:", StringComparison.Ordinal))
            {
                pwd = line["a=ice-pwd:".Length..];
            }
            else if (line.StartsWith("a=candidate:", StringComparison.Ordinal))
            {
                var candidate = line[2..];
                if (!IceCandidate.TryParse(candidate, out _))
                {
                    fragment = null!;
                    error = $"malformed candidate: '{Truncate(line)}'";
                    return false;
                }
                candidates.Add(candidate);
            }
        }
        fragment = new TrickleFragment(ufrag, pwd, candidates);
        error = "";
        return true;
    }

    private static string Truncate(string line) => line.Length <= 80 ? line : line[..80] + "…";
}
