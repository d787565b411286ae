namespace MyVid.WebRtc.Sdp;

/// <summary>One m= section after offer and answer; Direction is from our side.</summary>
public sealed record NegotiatedMedia(
    string Mid,
    MediaKind Kind,
    bool Accepted,
    MediaDirection Direction,
    IReadOnlyList<PayloadTypeMapping> Codecs,
    IReadOnlyList<ExtmapMapping> Extmaps,
    IReadOnlyList<SsrcLine> RemoteSsrcs);
