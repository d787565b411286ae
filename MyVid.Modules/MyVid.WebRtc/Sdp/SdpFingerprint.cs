namespace MyVid.WebRtc.Sdp;

/// <summary>RFC 8122 §5: a=fingerprint:&lt;hash-func&gt; &lt;fingerprint&gt;, e.g. "sha-256" and "AB:CD:...".</summary>
public sealed record SdpFingerprint(string HashFunction, string Value);
