namespace MyVid.WebRtc.Sdp;

/// <summary>RFC 5888 §5: a=group:&lt;semantics&gt; &lt;mid&gt;...; BUNDLE is RFC 9143.</summary>
public sealed class SdpGroup
{
    public const string Bundle = "BUNDLE";

    public SdpGroup(string semantics, IEnumerable<string> mids)
    {
        Semantics = semantics;
        Mids = [.. mids];
    }

    public string Semantics { get; }

    public IList<string> Mids { get; }
}

/// <summary>RFC 5576 §4.2: a=ssrc-group:&lt;semantics&gt; &lt;ssrc&gt;...; FID pairs media and RTX, SIM lists simulcast layers.</summary>
public sealed class SsrcGroup
{
    public const string Fid = "FID";
    public const string Sim = "SIM";

    public SsrcGroup(string semantics, IEnumerable<uint> ssrcs)
    {
        Semantics = semantics;
        Ssrcs = [.. ssrcs];
    }

    public string Semantics { get; }

    public IList<uint> Ssrcs { get; }
}

/// <summary>
/// RFC 8853 §5.1: a=simulcast:send 1;2,3 recv 4 — each stream is a list of alternative rid ids;
/// a paused one keeps its "~" prefix. Parsed only: MyVid does not negotiate simulcast yet.
/// </summary>
public sealed class SdpSimulcast
{
    public IList<IList<string>> Send { get; } = new List<IList<string>>();

    public IList<IList<string>> Receive { get; } = new List<IList<string>>();
}
