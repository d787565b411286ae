namespace MyVid.WebRtc.Sdp;

/// <summary>RFC 8830 §2: a=msid:&lt;stream id&gt; [&lt;track id&gt;].</summary>
public sealed record Msid(string StreamId, string? TrackId = null);
