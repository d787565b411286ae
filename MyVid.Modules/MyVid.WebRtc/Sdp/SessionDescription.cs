namespace MyVid.WebRtc.Sdp;

/// <summary>
/// A session description (RFC 8866 §5) with the session-level attributes of JSEP (RFC 9429 §5.2.1).
/// Build one with <see cref="SdpParser"/>, <see cref="SdpAnswerBuilder"/> or <see cref="SdpOfferBuilder"/>.
/// </summary>
public sealed class SessionDescription
{
    public SdpOrigin Origin { get; set; } = SdpOrigin.Anonymous("0", 0);

    public string SessionName { get; set; } = "-";

    public IList<SdpLine> OtherLines { get; } = new List<SdpLine>();

    public SdpConnection? Connection { get; set; }

    public IList<SdpBandwidth> Bandwidths { get; } = new List<SdpBandwidth>();

    public SdpTiming Timing { get; set; } = new(0, 0);

    public IList<SdpGroup> Groups { get; } = new List<SdpGroup>();

    public bool IceLite { get; set; }

    public string? IceUfrag { get; set; }

    public string? IcePwd { get; set; }

    public IList<string> IceOptions { get; } = new List<string>();

    public IList<SdpFingerprint> Fingerprints { get; } = new List<SdpFingerprint>();

    public DtlsSetup? Setup { get; set; }

    /// <summary>Session-level direction, inherited by m= sections that have none.</summary>
    public MediaDirection? Direction { get; set; }

    /// <summary>The a=msid-semantic value as sent, e.g. "WMS" or "WMS *" (RFC 8830 history; browsers still send it).</summary>
    public string? MsidSemantic { get; set; }

    /// <summary>RFC 8285 §6: one- and two-byte header extensions may mix in a packet.</summary>
    public bool ExtmapAllowMixed { get; set; }

    public IList<SdpAttributeLine> Attributes { get; } = new List<SdpAttributeLine>();

    public IList<MediaDescription> Media { get; } = new List<MediaDescription>();

    /// <summary>The first BUNDLE group (RFC 9143); WebRTC uses one.</summary>
    public SdpGroup? BundleGroup
    {
        get
        {
            foreach (var group in Groups)
            {
                if (group.Semantics.Equals(SdpGroup.Bundle, StringComparison.OrdinalIgnoreCase))
                {
                    return group;
                }
            }

            return null;
        }
    }

    public MediaDescription? FindMedia(string mid)
    {
        foreach (var media in Media)
        {
            if (media.Mid == mid)
            {
                return media;
            }
        }

        return null;
    }
}
