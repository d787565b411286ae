namespace MyVid.WebRtc.Sdp;

/// <summary>The a= lines of an m= section (JSEP, RFC 9429 §5.8 lists what a browser sends).</summary>
internal static class MediaAttributeParser
{
    public static string? Accept(MediaSection section, ReadOnlySpan<char> attribute)
    {
        var media = section.Media;
        var (name, value) = SdpLineParser.SplitAttribute(attribute);
        if (MediaDirections.TryParse(name, out var direction))
        {
            media.Direction = direction;
            return null;
        }

        string? error = null;
        switch (name)
        {
            case "rtpmap":
                return section.AddRtpmap(value);
            case "fmtp":
                return section.AddFmtp(value);
            case "rtcp-fb":
                return section.AddFeedback(value);
            case "mid":
                error = SdpLineParser.TryParseNonEmpty(value, name, out var mid);
                media.Mid = mid;
                break;
            case "rtcp":
                media.Rtcp = value;
                break;
            case "rtcp-mux":
                media.RtcpMux = true;
                break;
            case "rtcp-mux-only":
                media.RtcpMuxOnly = true;
                break;
            case "rtcp-rsize":
                media.RtcpReducedSize = true;
                break;
            case "ice-ufrag":
                error = SdpLineParser.TryParseNonEmpty(value, name, out var ufrag);
                media.IceUfrag = ufrag;
                break;
            case "ice-pwd":
                error = SdpLineParser.TryParseNonEmpty(value, name, out var pwd);
                media.IcePwd = pwd;
                break;
            case "ice-options":
                error = SdpLineParser.TryAddIceOptions(media.IceOptions, value);
                break;
            case "candidate":
                error = SdpLineParser.TryParseNonEmpty(value, name, out var candidate);
                media.Candidates.Add(candidate);
                break;
            case "end-of-candidates":
                media.EndOfCandidates = true;
                break;
            case "fingerprint":
                error = SdpLineParser.TryAddFingerprint(media.Fingerprints, value);
                break;
            case "setup":
                error = SdpLineParser.TryParseSetup(value, out var setup);
                media.Setup = setup;
                break;
            case "extmap":
                error = TryAddExtmap(media, value);
                break;
            case "extmap-allow-mixed":
                media.ExtmapAllowMixed = true;
                break;
            case "msid":
                var msid = value is null ? [] : SdpLineParser.Split(value);
                if (msid.Length is < 1 or > 2)
                {
                    return "bad a=msid value";
                }

                media.Msids.Add(new Msid(msid[0], msid.Length == 2 ? msid[1] : null));
                break;
            case "ssrc":
                error = TryAddSsrc(media, value);
                break;
            case "ssrc-group":
                error = TryAddSsrcGroup(media, value);
                break;
            case "rid":
                var rid = value is null ? [] : value.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
                if (rid.Length < 2 || rid[1] is not ("send" or "recv"))
                {
                    return "bad a=rid value";
                }

                media.Rids.Add(new RidDescription(rid[0], rid[1], rid.Length == 3 ? rid[2] : null));
                break;
            case "simulcast":
                media.Simulcast = ParseSimulcast(value);
                return media.Simulcast is null ? "bad a=simulcast value" : null;
            case "bundle-only":
                media.BundleOnly = true;
                break;
            case "sctp-port":
                if (!SdpParser.TryParseInt(value, 0, 65535, out var sctpPort))
                {
                    return "bad a=sctp-port value";
                }

                media.SctpPort = sctpPort;
                break;
            case "max-message-size":
                if (!SdpParser.TryParseULong(value, out var size))
                {
                    return "bad a=max-message-size value";
                }

                media.MaxMessageSize = size;
                break;
            default:
                media.Attributes.Add(new SdpAttributeLine(name, value));
                break;
        }

        return error;
    }

    /// <summary>RFC 8285 §8: extmap ids 1-14 are one-byte, up to 255 two-byte; 4096-4351 are for negotiation.</summary>
    private static string? TryAddExtmap(MediaDescription media, string? value)
    {
        var parts = value?.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (parts.Length < 2)
        {
            return "bad a=extmap value";
        }

        var id = parts[0].AsSpan();
        MediaDirection? direction = null;
        var slash = id.IndexOf('/');
        if (slash >= 0)
        {
            if (!MediaDirections.TryParse(id[(slash + 1)..].ToString(), out var d))
            {
                return "bad a=extmap direction";
            }

            direction = d;
            id = id[..slash];
        }

        if (!SdpParser.TryParseInt(id, 1, 4351, out var number))
        {
            return "bad a=extmap id";
        }

        media.Extmaps.Add(new Extmap(number, parts[1], direction, parts.Length == 3 ? parts[2] : null));
        return null;
    }

    private static string? TryAddSsrc(MediaDescription media, string? value)
    {
        var space = value?.IndexOf(' ', StringComparison.Ordinal) ?? -1;
        if (space <= 0 || !uint.TryParse(value.AsSpan(0, space), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ssrc))
        {
            return "bad a=ssrc value";
        }

        var (attribute, attributeValue) = SdpLineParser.SplitAttribute(value.AsSpan(space + 1).Trim(' '));
        if (attribute.Length == 0)
        {
            return "bad a=ssrc attribute";
        }

        media.Ssrcs.Add(new SsrcLine(ssrc, attribute, attributeValue));
        return null;
    }

    private static string? TryAddSsrcGroup(MediaDescription media, string? value)
    {
        var parts = value is null ? [] : SdpLineParser.Split(value);
        if (parts.Length < 1)
        {
            return "bad a=ssrc-group value";
        }

        var ssrcs = new List<uint>();
        foreach (var part in parts.AsSpan(1))
        {
            if (!uint.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ssrc))
            {
                return "bad a=ssrc-group ssrc";
            }

            ssrcs.Add(ssrc);
        }

        media.SsrcGroups.Add(new SsrcGroup(parts[0], ssrcs));
        return null;
    }

    /// <summary>RFC 8853 §5.1: "send 1;2,3 recv 4": direction words followed by ';'-separated streams of ','-separated rids.</summary>
    private static SdpSimulcast? ParseSimulcast(string? value)
    {
        var parts = value is null ? [] : SdpLineParser.Split(value);
        if (parts.Length is not (2 or 4))
        {
            return null;
        }

        var simulcast = new SdpSimulcast();
        for (var i = 0; i < parts.Length; i += 2)
        {
            var target = parts[i] switch
            {
                "send" => simulcast.Send,
                "recv" => simulcast.Receive,
                _ => null,
            };
            if (target is null || target.Count > 0)
            {
                return null;
            }

            foreach (var stream in parts[i + 1].Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                target.Add(stream.Split(',', StringSplitOptions.RemoveEmptyEntries));
            }
        }

        return simulcast;
    }
}
