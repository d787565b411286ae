namespace MyVid.WebRtc.Sdp;

/// <summary>What this side can negotiate: codecs, RTP header extensions and data channels.</summary>
public sealed class LocalCapabilities
{
    public const string SdesMid = "urn:ietf:params:rtp-hdrext:sdes:mid";
    public const string AbsSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    public const string TransportWideCc = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    public const string AudioLevel = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    public const string RtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    public const string RepairedRtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    public IList<CodecCapability> Codecs { get; } = new List<CodecCapability>();

    /// <summary>The extmap URIs we understand (RFC 8285); others are left out of answers.</summary>
    public ISet<string> HeaderExtensions { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Whether an m=application data channel section (RFC 8841) is accepted.</summary>
    public bool DataChannels { get; set; }

    public int SctpPort { get; set; } = 5000;

    public ulong MaxMessageSize { get; set; } = 262144;

    /// <summary>
    /// What the MyVid SFU forwards: Opus, VP8 and H.264 Constrained Baseline in packetization mode 1, each video
    /// codec with RTX, and the feedback and header extensions its congestion control and repair use.
    /// </summary>
    public static LocalCapabilities CreateDefault()
    {
        var capabilities = new LocalCapabilities();
        var opus = new CodecCapability(MediaKind.Audio, "opus", 48000, 2);
        opus.Parameters.Add(new FmtpParameter("minptime", "10"));
        opus.Parameters.Add(new FmtpParameter("useinbandfec", "1"));
        opus.Feedback.Add("transport-cc");
        capabilities.Codecs.Add(opus);

        var vp8 = new CodecCapability(MediaKind.Video, "VP8", 90000) { Rtx = true };
        AddVideoFeedback(vp8);
        capabilities.Codecs.Add(vp8);

        var h264 = new CodecCapability(MediaKind.Video, "H264", 90000) { Rtx = true };
        h264.Parameters.Add(new FmtpParameter("level-asymmetry-allowed", "1"));
        h264.Parameters.Add(new FmtpParameter("packetization-mode", "1"));
        h264.Parameters.Add(new FmtpParameter("profile-level-id", "42e01f"));
        AddVideoFeedback(h264);
        capabilities.Codecs.Add(h264);

        foreach (var uri in new[] { SdesMid, AbsSendTime, TransportWideCc, AudioLevel, RtpStreamId, RepairedRtpStreamId })
        {
            capabilities.HeaderExtensions.Add(uri);
        }

        return capabilities;
    }

    private static void AddVideoFeedback(CodecCapability codec)
    {
        foreach (var feedback in new[] { "goog-remb", "transport-cc", "ccm fir", "nack", "nack pli" })
        {
            codec.Feedback.Add(feedback);
        }
    }
}
