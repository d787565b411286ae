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
