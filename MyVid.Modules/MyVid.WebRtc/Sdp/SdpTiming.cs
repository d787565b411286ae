namespace MyVid.WebRtc.Sdp;

/// <summary>RFC 8866 §5.9: t=&lt;start-time&gt; &lt;stop-time&gt;; WebRTC always says t=0 0.</summary>
public sealed record SdpTiming(ulong Start, ulong Stop);
