namespace MyVid.WebRtc.Sdp;

/// <summary>RFC 8866 §5.7: c=&lt;nettype&gt; &lt;addrtype&gt; &lt;connection-address&gt;.</summary>
public sealed record SdpConnection(string NetType, string AddressType, string Address)
{
    /// <summary>The placeholder WebRTC puts in every m= section (JSEP §5.2.1).</summary>
    public static SdpConnection Unspecified { get; } = new("IN", "IP4", "0.0.0.0");
}
