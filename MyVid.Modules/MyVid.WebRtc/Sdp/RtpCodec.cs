namespace MyVid.WebRtc.Sdp;

/// <summary>
/// One payload type of an RTP m= section: a=rtpmap (RFC 8866 §6.6), a=fmtp (§6.15) and a=rtcp-fb (RFC 4585 §4.2).
/// </summary>
public sealed class RtpCodec
{
    public RtpCodec(byte payloadType, string name, int clockRate, int? channels = null)
    {
        PayloadType = payloadType;
        Name = name;
        ClockRate = clockRate;
        Channels = channels;
    }

    public byte PayloadType { get; set; }

    /// <summary>The encoding name ("opus", "VP8", "rtx"); empty for a dynamic type that had no a=rtpmap.</summary>
    public string Name { get; set; }

    public int ClockRate { get; set; }

    /// <summary>The encoding parameters of a=rtpmap; null when absent, which means one channel for audio.</summary>
    public int? Channels { get; set; }

    public IList<FmtpParameter> Parameters { get; } = new List<FmtpParameter>();

    /// <summary>The rtcp-fb values for this payload type: "nack", "nack pli", "ccm fir", "transport-cc".</summary>
    public IList<string> Feedback { get; } = new List<string>();

    public bool IsRtx => Name.Equals("rtx", StringComparison.OrdinalIgnoreCase);

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

    /// <summary>The payload type an RTX codec repairs (RFC 4588 §8.6, fmtp apt=).</summary>
    public byte? AssociatedPayloadType =>
        byte.TryParse(GetParameter("apt"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var apt)
            ? apt
            : null;

    public RtpCodec Clone(byte? payloadType = null)
    {
        var copy = new RtpCodec(payloadType ?? PayloadType, Name, ClockRate, Channels);
        foreach (var p in Parameters)
        {
            copy.Parameters.Add(p);
        }

        foreach (var f in Feedback)
        {
            copy.Feedback.Add(f);
        }

        return copy;
    }

    public override string ToString() => $"{PayloadType} {Name}/{ClockRate}" + (Channels is { } c ? $"/{c}" : "");
}
