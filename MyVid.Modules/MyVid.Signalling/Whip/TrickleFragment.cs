using MyVid.WebRtc.Ice;

namespace MyVid.Signalling.Whip;

/// <summary>
/// An <c>application/trickle-ice-sdpfrag</c> body (RFC 8840 §9): ICE credentials, m= and mid lines, candidates and
/// end-of-candidates. The credentials (an ICE restart's) and the candidates are kept; each candidate must parse as one.
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

    /// <summary>
    /// The answer to an ICE restart (RFC 9725 §4.3.2): the server's new credentials, the first media section's m= and
    /// mid lines, its candidate, end-of-candidates.
    /// </summary>
    public static string Restarted(IceRestartReply reply, (string MediaLine, string? Mid) media)
    {
        var text = new System.Text.StringBuilder()
            .Append("a=ice-lite\r\n")
            .Append("a=ice-ufrag:").Append(reply.Ufrag).Append("\r\n")
            .Append("a=ice-pwd:").Append(reply.Pwd).Append("\r\n")
            .Append(media.MediaLine).Append("\r\n");
        if (media.Mid is not null)
        {
            text.Append("a=mid:").Append(media.Mid).Append("\r\n");
        }
        if (reply.Candidate is { Length: > 0 } candidate)
        {
            text.Append("a=").Append(candidate).Append("\r\n");
        }
        return text.Append("a=end-of-candidates\r\n").ToString();
    }

    /// <summary>The first m= line of <paramref name="sdp"/> and the mid of its section.</summary>
    public static (string MediaLine, string? Mid) FirstMedia(string sdp)
    {
        string? media = null;
        foreach (var raw in sdp.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("m=", StringComparison.Ordinal))
            {
                if (media is not null)
                {
                    break;
                }
                media = line;
            }
            else if (media is not null && line.StartsWith("a=mid:", StringComparison.Ordinal))
            {
                return (media, line["a=mid:".Length..]);
            }
        }
        return (media ?? "m=audio 9 UDP/TLS/RTP/SAVPF 0", null);
    }

    private static string Truncate(string line) => line.Length <= 80 ? line : line[..80] + "…";
}
