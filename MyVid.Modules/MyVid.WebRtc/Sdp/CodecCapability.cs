namespace MyVid.WebRtc.Sdp;

/// <summary>
/// A codec this side can receive or send, matched to a remote codec by name, clock rate, channels and the fmtp
/// rules of its format (<see cref="CodecMatcher"/>). Payload types come from the offer, so none is given here.
/// </summary>
public sealed class CodecCapability
{
    public CodecCapability(MediaKind kind, string name, int clockRate, int? channels = null)
    {
        Kind = kind;
        Name = name;
        ClockRate = clockRate;
        Channels = channels;
    }

    public MediaKind Kind { get; }

    public string Name { get; }

    public int ClockRate { get; }

    public int? Channels { get; }

    /// <summary>Our fmtp for this codec, written into answers (e.g. H264 packetization-mode and profile-level-id).</summary>
    public IList<FmtpParameter> Parameters { get; } = new List<FmtpParameter>();

    /// <summary>The rtcp-fb values we support for it: "nack", "nack pli", "ccm fir", "goog-remb", "transport-cc".</summary>
    public IList<string> Feedback { get; } = new List<string>();

    /// <summary>Whether an RTX stream (RFC 4588) repairing this codec is accepted.</summary>
    public bool Rtx { get; set; }

    public string? GetParameter(string name)
    {
        foreach (var p in Parameters)
        {
            if (p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return p.Value;
            }
        }

        return null;
    }
}
