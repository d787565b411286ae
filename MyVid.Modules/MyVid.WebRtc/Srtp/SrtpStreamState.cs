namespace MyVid.WebRtc.Srtp;

/// <summary>What one direction's context remembers about one SSRC (RFC 3711 §3.2.3).</summary>
internal sealed class SrtpStreamState
{
    public ReplayWindow Rtp = ReplayWindow.Empty;

    public ReplayWindow Rtcp = ReplayWindow.Empty;

    /// <summary>Index the next protected SRTCP packet gets; starts at zero (RFC 3711 §3.4).</summary>
    public uint NextRtcpIndex;
}
