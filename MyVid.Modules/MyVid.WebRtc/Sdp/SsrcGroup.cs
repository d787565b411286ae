namespace MyVid.WebRtc.Sdp;

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
