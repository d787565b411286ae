namespace MyVid.WebRtc.Sdp;

/// <summary>The a= lines before the first m=: BUNDLE group, ICE, DTLS and the JSEP session flags.</summary>
internal static class SessionAttributeParser
{
    public static string? Accept(SessionDescription session, ReadOnlySpan<char> attribute)
    {
        var (name, value) = SdpLineParser.SplitAttribute(attribute);
        if (MediaDirections.TryParse(name, out var direction))
        {
            session.Direction = direction;
            return null;
        }

        string? error = null;
        switch (name)
        {
            case "group":
                var parts = value is null ? [] : SdpLineParser.Split(value);
                if (parts.Length == 0)
                {
                    return "bad a=group value";
                }

                session.Groups.Add(new SdpGroup(parts[0], parts.Skip(1)));
                break;
            case "ice-lite":
                session.IceLite = true;
                break;
            case "ice-ufrag":
                error = SdpLineParser.TryParseNonEmpty(value, name, out var ufrag);
                session.IceUfrag = ufrag;
                break;
            case "ice-pwd":
                error = SdpLineParser.TryParseNonEmpty(value, name, out var pwd);
                session.IcePwd = pwd;
                break;
            case "ice-options":
                error = SdpLineParser.TryAddIceOptions(session.IceOptions, value);
                break;
            case "fingerprint":
                error = SdpLineParser.TryAddFingerprint(session.Fingerprints, value);
                break;
            case "setup":
                error = SdpLineParser.TryParseSetup(value, out var setup);
                session.Setup = setup;
                break;
            case "msid-semantic":
                session.MsidSemantic = value ?? "";
                break;
            case "extmap-allow-mixed":
                session.ExtmapAllowMixed = true;
                break;
            default:
                session.Attributes.Add(new SdpAttributeLine(name, value));
                break;
        }

        return error;
    }
}
