namespace MyVid.WebRtc.Sdp;

/// <summary>
/// Whether a remote codec is one we support (RFC 3264 §6.1: same encoding, clock rate and channels, plus the
/// format's own rules), and which fmtp the answer carries for it.
/// </summary>
internal static class CodecMatcher
{
    public static CodecCapability? FindCapability(RtpCodec remote, IList<CodecCapability> capabilities, MediaKind kind)
    {
        foreach (var local in capabilities)
        {
            if (local.Kind == kind && Matches(remote, local.Name, local.ClockRate, local.Channels, local.GetParameter))
            {
                return local;
            }
        }

        return null;
    }

    /// <summary>The same test between two SDP codecs, used to pair an offer's and an answer's payload types.</summary>
    public static bool Matches(RtpCodec a, RtpCodec b) => Matches(a, b.Name, b.ClockRate, b.Channels, b.GetParameter);

    private static bool Matches(RtpCodec remote, string name, int clockRate, int? channels, Func<string, string?> parameter)
    {
        if (!remote.Name.Equals(name, StringComparison.OrdinalIgnoreCase) || remote.ClockRate != clockRate
            || (remote.Channels ?? 1) != (channels ?? 1))
        {
            return false;
        }

        return name.ToUpperInvariant() switch
        {
            // RFC 6184 §8.2.2: packetization mode must match; the profile must match, the level is negotiated.
            "H264" => Same(remote.GetParameter("packetization-mode"), parameter("packetization-mode"), "0")
                && H264ProfileLevelId.TryParse(remote.GetParameter("profile-level-id"), out var r)
                && H264ProfileLevelId.TryParse(parameter("profile-level-id"), out var l)
                && r.Profile == l.Profile,
            "VP9" => Same(remote.GetParameter("profile-id"), parameter("profile-id"), "0"),
            "AV1" => Same(remote.GetParameter("profile"), parameter("profile"), "0"),
            _ => true,
        };
    }

    private static bool Same(string? remote, string? local, string fallback) => (remote ?? fallback) == (local ?? fallback);

    /// <summary>
    /// The fmtp of our answer: our own parameters, except that an H.264 level is the lower of the two unless
    /// both sides allow level asymmetry (RFC 6184 §8.2.2), and the profile bytes are the offer's.
    /// </summary>
    public static IEnumerable<FmtpParameter> AnswerParameters(RtpCodec offered, CodecCapability local)
    {
        // A matched H.264 pair has parsed both profile-level-ids already; the guard only keeps the types honest.
        if (!local.Name.Equals("H264", StringComparison.OrdinalIgnoreCase)
            || local.GetParameter("profile-level-id") is null
            || !H264ProfileLevelId.TryParse(offered.GetParameter("profile-level-id"), out var remote)
            || !H264ProfileLevelId.TryParse(local.GetParameter("profile-level-id"), out var ours))
        {
            return local.Parameters;
        }

        var asymmetry = offered.GetParameter("level-asymmetry-allowed") == "1" && local.GetParameter("level-asymmetry-allowed") == "1";
        var level = asymmetry ? ours.Level : Math.Min(ours.Level, remote.Level);
        var profileLevelId = (remote with { Level = level }).ToString();
        return local.Parameters.Select(p => p.Name == "profile-level-id" ? p with { Value = profileLevelId } : p);
    }
}
