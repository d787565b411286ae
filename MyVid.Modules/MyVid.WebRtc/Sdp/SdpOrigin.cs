namespace MyVid.WebRtc.Sdp;

/// <summary>RFC 8866 §5.2: o=&lt;username&gt; &lt;sess-id&gt; &lt;sess-version&gt; &lt;nettype&gt; &lt;addrtype&gt; &lt;address&gt;.</summary>
/// <remarks>The session id stays a string: implementations send numbers wider than 64 bits.</remarks>
public sealed record SdpOrigin(string Username, string SessionId, ulong SessionVersion, string NetType, string AddressType, string Address)
{
    /// <summary>What browsers and servers send when the origin carries no meaning: "- id version IN IP4 127.0.0.1".</summary>
    public static SdpOrigin Anonymous(string sessionId, ulong version) => new("-", sessionId, version, "IN", "IP4", "127.0.0.1");
}
