namespace MyVid.WebRtc.Sdp;

/// <summary>A track the SFU offers to send to a viewer: the codecs with our payload types, extmaps and SSRCs.</summary>
public sealed class OfferedTrack
{
    public OfferedTrack(MediaKind kind, SendTrack send)
    {
        Kind = kind;
        Send = send;
    }

    public MediaKind Kind { get; }

    public SendTrack Send { get; }

    /// <summary>The mid to use; null gives the section's index ("0", "1", ...), as browsers do.</summary>
    public string? Mid { get; init; }

    /// <summary>The codecs in order of preference, RTX entries (apt=) included.</summary>
    public IList<RtpCodec> Codecs { get; } = new List<RtpCodec>();

    public IList<Extmap> Extmaps { get; } = new List<Extmap>();
}
