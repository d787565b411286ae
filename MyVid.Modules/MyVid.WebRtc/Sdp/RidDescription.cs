namespace MyVid.WebRtc.Sdp;

/// <summary>RFC 8851 §4: a=rid:&lt;id&gt; &lt;send|recv&gt; [&lt;restrictions&gt;]; parsed, not interpreted.</summary>
public sealed record RidDescription(string Id, string Direction, string? Restrictions);
