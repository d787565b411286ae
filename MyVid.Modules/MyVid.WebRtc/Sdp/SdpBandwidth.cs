namespace MyVid.WebRtc.Sdp;

/// <summary>RFC 8866 §5.8: b=&lt;bwtype&gt;:&lt;bandwidth&gt;.</summary>
public sealed record SdpBandwidth(string Type, ulong Value);
