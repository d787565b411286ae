namespace MyVid.WebRtc.Sdp;

/// <summary>RFC 8866 §5.2: o=&lt;username&gt; &lt;sess-id&gt; &lt;sess-version&gt; &lt;nettype&gt; &lt;addrtype&gt; &lt;address&gt;.</summary>
/// <remarks>The session id stays a string: implementations send numbers wider than 64 bits.</remarks>
public sealed record SdpOrigin(string Username, string SessionId, ulong SessionVersion, string NetType, string AddressType, string Address)
{
    /// <summary>What browsers and servers send when the origin carries no meaning: "- id version IN IP4 127.0.0.1".</summary>
    public static SdpOrigin Anonymous(string sessionId, ulong version) => new("-", sessionId, version, "IN", "IP4", "127.0.0.1");
}

/// <summary>RFC 8866 §5.7: c=&lt;nettype&gt; &lt;addrtype&gt; &lt;connection-address&gt;.</summary>
public sealed record SdpConnection(string NetType, string AddressType, string Address)
{
    /// <summary>The placeholder WebRTC puts in every m= section (JSEP §5.2.1).</summary>
    public static SdpConnection Unspecified { get; } = new("IN", "IP4", "0.0.0.0");
}

/// <summary>RFC 8866 §5.9: t=&lt;start-time&gt; &lt;stop-time&gt;; WebRTC always says t=0 0.</summary>
public sealed record SdpTiming(ulong Start, ulong Stop);

/// <summary>RFC 8866 §5.8: b=&lt;bwtype&gt;:&lt;bandwidth&gt;.</summary>
public sealed record SdpBandwidth(string Type, ulong Value);

/// <summary>A line this model keeps only to write it back: i=, u=, e=, p=, r=, z=, k=.</summary>
public sealed record SdpLine(char Type, string Value);

/// <summary>An attribute this model does not interpret, kept in order for round trips. Value is null for a flag.</summary>
public sealed record SdpAttributeLine(string Name, string? Value);

/// <summary>RFC 8122 §5: a=fingerprint:&lt;hash-func&gt; &lt;fingerprint&gt;, e.g. "sha-256" and "AB:CD:...".</summary>
public sealed record SdpFingerprint(string HashFunction, string Value);

/// <summary>RFC 8285 §5: a=extmap:&lt;id&gt;[/&lt;direction&gt;] &lt;uri&gt; [&lt;extension attributes&gt;].</summary>
public sealed record Extmap(int Id, string Uri, MediaDirection? Direction = null, string? Attributes = null);

/// <summary>RFC 8830 §2: a=msid:&lt;stream id&gt; [&lt;track id&gt;].</summary>
public sealed record Msid(string StreamId, string? TrackId = null);

/// <summary>RFC 5576 §4.1: a=ssrc:&lt;ssrc&gt; &lt;attribute&gt;[:&lt;value&gt;], e.g. "cname:abc".</summary>
public sealed record SsrcLine(uint Ssrc, string Attribute, string? Value);

/// <summary>RFC 8851 §4: a=rid:&lt;id&gt; &lt;send|recv&gt; [&lt;restrictions&gt;]; parsed, not interpreted.</summary>
public sealed record RidDescription(string Id, string Direction, string? Restrictions);

/// <summary>One fmtp parameter: "apt=96" gives ("apt", "96"); a bare value such as red's "111/111" has no Value.</summary>
public sealed record FmtpParameter(string Name, string? Value);
