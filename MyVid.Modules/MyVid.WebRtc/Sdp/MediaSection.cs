namespace MyVid.WebRtc.Sdp;

/// <summary>
/// Parser state of one m= section. The rtpmap, fmtp and rtcp-fb lines of a payload type come in any order
/// (Firefox writes fmtp before rtpmap), so they are collected and turned into codecs when the section ends.
/// </summary>
internal sealed class MediaSection
{
    private readonly Dictionary<byte, RtpCodec> rtpmaps = [];
    private readonly Dictionary<byte, List<FmtpParameter>> fmtps = [];
    private readonly Dictionary<string, List<string>> feedback = [];
    private readonly List<byte> payloadTypes = [];

    private MediaSection(MediaDescription media) => Media = media;

    public MediaDescription Media { get; }

    /// <summary>RFC 8866 §5.14: m=&lt;media&gt; &lt;port&gt;[/&lt;number of ports&gt;] &lt;proto&gt; &lt;fmt&gt; ...</summary>
    public static MediaSection? TryStart(ReadOnlySpan<char> value, out string? error)
    {
        var parts = SdpLineParser.Split(value);
        if (parts.Length < 4)
        {
            error = "bad m= line: needs media, port, proto and at least one format";
            return null;
        }

        var media = new MediaDescription { Media = parts[0], Protocol = parts[2] };
        var port = parts[1].AsSpan();
        var slash = port.IndexOf('/');
        if (slash >= 0)
        {
            if (!SdpParser.TryParseInt(port[(slash + 1)..], 1, 65535, out var count))
            {
                error = "bad m= port count";
                return null;
            }

            media.PortCount = count;
            port = port[..slash];
        }

        if (!SdpParser.TryParseInt(port, 0, 65535, out var number))
        {
            error = "bad m= port";
            return null;
        }

        media.Port = number;
        var section = new MediaSection(media);
        foreach (var format in parts.AsSpan(3))
        {
            if (!media.IsRtp)
            {
                media.Formats.Add(format);
            }
            else if (TryParsePayloadType(format, out var pt))
            {
                section.payloadTypes.Add(pt);
            }
            else
            {
                error = $"bad m= payload type '{format}'";
                return null;
            }
        }

        error = null;
        return section;
    }

    public static bool TryParsePayloadType(ReadOnlySpan<char> text, out byte payloadType)
    {
        var ok = SdpParser.TryParseInt(text, 0, 127, out var value);
        payloadType = (byte)value;
        return ok;
    }

    public string? Accept(char type, ReadOnlySpan<char> value)
    {
        switch (type)
        {
            case 'c':
                Media.Connection = SdpLineParser.ParseConnection(value);
                return Media.Connection is null ? "bad c= line" : null;
            case 'b':
                return SdpLineParser.TryAddBandwidth(Media.Bandwidths, value);
            case 'i' or 'k':
                Media.OtherLines.Add(new SdpLine(type, value.ToString()));
                return null;
            case 'a':
                return MediaAttributeParser.Accept(this, value);
            default:
                return $"{type}= line not allowed in a media section";
        }
    }

    /// <summary>RFC 8866 §6.6: a=rtpmap:&lt;payload type&gt; &lt;encoding name&gt;/&lt;clock rate&gt;[/&lt;channels&gt;].</summary>
    public string? AddRtpmap(string? value)
    {
        var space = value?.IndexOf(' ') ?? -1;
        if (space <= 0 || !TryParsePayloadType(value.AsSpan(0, space), out var pt))
        {
            return "bad a=rtpmap value";
        }

        var encoding = value!.AsSpan(space + 1).Trim(' ').ToString().Split('/');
        var channels = 0;
        if (encoding.Length is < 2 or > 3 || encoding[0].Length == 0
            || !SdpParser.TryParseInt(encoding[1], 1, int.MaxValue, out var clockRate)
            || (encoding.Length == 3 && !SdpParser.TryParseInt(encoding[2], 1, 255, out channels)))
        {
            return "bad a=rtpmap encoding";
        }

        rtpmaps[pt] = new RtpCodec(pt, encoding[0], clockRate, encoding.Length == 3 ? channels : null);
        return null;
    }

    /// <summary>RFC 8866 §6.15: a=fmtp:&lt;format&gt; &lt;parameters&gt;, here "name=value" pairs split on ';'.</summary>
    public string? AddFmtp(string? value)
    {
        var space = value?.IndexOf(' ') ?? -1;
        if (space <= 0 || !TryParsePayloadType(value.AsSpan(0, space), out var pt))
        {
            return "bad a=fmtp value";
        }

        var list = new List<FmtpParameter>();
        foreach (var parameter in value!.AsSpan(space + 1).ToString().Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            list.Add(equals < 0 ? new FmtpParameter(parameter, null) : new FmtpParameter(parameter[..equals].Trim(), parameter[(equals + 1)..].Trim()));
        }

        fmtps[pt] = list;
        return null;
    }

    /// <summary>RFC 4585 §4.2: a=rtcp-fb:&lt;payload type or *&gt; &lt;type&gt; [&lt;parameter&gt;].</summary>
    public string? AddFeedback(string? value)
    {
        var space = value?.IndexOf(' ') ?? -1;
        var target = space > 0 ? value![..space] : "";
        if (target != "*" && !TryParsePayloadType(target, out _))
        {
            return "bad a=rtcp-fb value";
        }

        var type = value!.AsSpan(space + 1).Trim(' ').ToString();
        if (!feedback.TryGetValue(target, out var list))
        {
            feedback[target] = list = [];
        }

        list.Add(type);
        return null;
    }

    /// <summary>Builds the codecs in m= order; a static payload type without rtpmap gets its RFC 3551 encoding.</summary>
    public string? Finish()
    {
        foreach (var pt in payloadTypes)
        {
            if (Media.FindCodec(pt) is not null)
            {
                return $"payload type {pt} twice on the m= line";
            }

            var codec = rtpmaps.TryGetValue(pt, out var mapped) ? mapped : StaticPayloadType(pt);
            if (fmtps.TryGetValue(pt, out var parameters))
            {
                foreach (var p in parameters)
                {
                    codec.Parameters.Add(p);
                }
            }

            AddFeedback(codec, "*");
            AddFeedback(codec, pt.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Media.Codecs.Add(codec);
        }

        return null;
    }

    private void AddFeedback(RtpCodec codec, string key)
    {
        if (feedback.TryGetValue(key, out var list))
        {
            foreach (var type in list)
            {
                codec.Feedback.Add(type);
            }
        }
    }

    // RFC 3551 §6, the static types browsers still offer without a=rtpmap.
    private static RtpCodec StaticPayloadType(byte pt) => pt switch
    {
        0 => new RtpCodec(pt, "PCMU", 8000),
        8 => new RtpCodec(pt, "PCMA", 8000),
        9 => new RtpCodec(pt, "G722", 8000),
        13 => new RtpCodec(pt, "CN", 8000),
        _ => new RtpCodec(pt, "", 0),
    };
}
