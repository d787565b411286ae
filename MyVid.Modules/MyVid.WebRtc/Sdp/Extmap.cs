namespace MyVid.WebRtc.Sdp;

/// <summary>RFC 8285 §5: a=extmap:&lt;id&gt;[/&lt;direction&gt;] &lt;uri&gt; [&lt;extension attributes&gt;].</summary>
public sealed record Extmap(int Id, string Uri, MediaDirection? Direction = null, string? Attributes = null);
