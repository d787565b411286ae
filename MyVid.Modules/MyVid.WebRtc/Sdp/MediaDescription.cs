namespace MyVid.WebRtc.Sdp;

/// <summary>
/// One m= section (RFC 8866 §5.14) with the attributes WebRTC gives meaning to (JSEP, RFC 9429 §5.2).
/// Attributes the model does not know stay in <see cref="Attributes"/> in their order.
/// </summary>
public sealed class MediaDescription
{
    public const string RtpProfile = "UDP/TLS/RTP/SAVPF";
    public const string SctpProfile = "UDP/DTLS/SCTP";

    /// <summary>The media type as on the wire: "audio", "video", "application" or another token.</summary>
    public string Media { get; set; } = "audio";

    public MediaKind Kind => Media switch
    {
        "audio" => MediaKind.Audio,
        "video" => MediaKind.Video,
        "application" => MediaKind.Application,
        _ => MediaKind.Other,
    };

    /// <summary>Port 0 rejects the section (RFC 3264 §6), unless it is bundle-only (RFC 9143 §6).</summary>
    public int Port { get; set; } = 9;

    /// <summary>The "/&lt;number of ports&gt;" of the m= line, which WebRTC never sends.</summary>
    public int? PortCount { get; set; }

    public string Protocol { get; set; } = RtpProfile;

    public bool IsRtp => Protocol.Contains("RTP/", StringComparison.Ordinal);

    /// <summary>The payload types of an RTP section, in the m= line's order of preference.</summary>
    public IList<RtpCodec> Codecs { get; } = new List<RtpCodec>();

    /// <summary>The m= line formats of a non-RTP section, e.g. "webrtc-datachannel".</summary>
    public IList<string> Formats { get; } = new List<string>();

    public IList<SdpLine> OtherLines { get; } = new List<SdpLine>();

    public SdpConnection? Connection { get; set; }

    public IList<SdpBandwidth> Bandwidths { get; } = new List<SdpBandwidth>();

    /// <summary>The a=rtcp value (RFC 3605), kept for browsers that still send it.</summary>
    public string? Rtcp { get; set; }

    public string? Mid { get; set; }

    /// <summary>Null when absent, which means sendrecv (RFC 8866 §6.7).</summary>
    public MediaDirection? Direction { get; set; }

    public MediaDirection EffectiveDirection => Direction ?? MediaDirection.SendRecv;

    public bool IsRejected => Port == 0 && !BundleOnly;

    public bool RtcpMux { get; set; }

    public bool RtcpMuxOnly { get; set; }

    public bool RtcpReducedSize { get; set; }

    public string? IceUfrag { get; set; }

    public string? IcePwd { get; set; }

    public IList<string> IceOptions { get; } = new List<string>();

    /// <summary>The a=candidate values, unparsed: the ICE code owns their grammar.</summary>
    public IList<string> Candidates { get; } = new List<string>();

    public bool EndOfCandidates { get; set; }

    public IList<SdpFingerprint> Fingerprints { get; } = new List<SdpFingerprint>();

    public DtlsSetup? Setup { get; set; }

    public IList<Extmap> Extmaps { get; } = new List<Extmap>();

    public bool ExtmapAllowMixed { get; set; }

    public IList<Msid> Msids { get; } = new List<Msid>();

    public IList<SsrcLine> Ssrcs { get; } = new List<SsrcLine>();

    public IList<SsrcGroup> SsrcGroups { get; } = new List<SsrcGroup>();

    public IList<RidDescription> Rids { get; } = new List<RidDescription>();

    public SdpSimulcast? Simulcast { get; set; }

    /// <summary>RFC 9143 §6: the section has port 0 until BUNDLE is accepted.</summary>
    public bool BundleOnly { get; set; }

    /// <summary>RFC 8841 §5: a=sctp-port of a data channel section.</summary>
    public int? SctpPort { get; set; }

    /// <summary>RFC 8841 §6: a=max-message-size of a data channel section.</summary>
    public ulong? MaxMessageSize { get; set; }

    public IList<SdpAttributeLine> Attributes { get; } = new List<SdpAttributeLine>();

    public RtpCodec? FindCodec(byte payloadType)
    {
        foreach (var codec in Codecs)
        {
            if (codec.PayloadType == payloadType)
            {
                return codec;
            }
        }

        return null;
    }
}
