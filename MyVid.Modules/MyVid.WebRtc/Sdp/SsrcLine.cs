namespace MyVid.WebRtc.Sdp;

/// <summary>RFC 5576 §4.1: a=ssrc:&lt;ssrc&gt; &lt;attribute&gt;[:&lt;value&gt;], e.g. "cname:abc".</summary>
public sealed record SsrcLine(uint Ssrc, string Attribute, string? Value);
