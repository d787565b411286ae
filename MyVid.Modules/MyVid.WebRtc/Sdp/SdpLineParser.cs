namespace MyVid.WebRtc.Sdp;

/// <summary>Value grammars shared by session and media level: c=, b= and the attributes allowed at both.</summary>
internal static class SdpLineParser
{
    public static SdpConnection? ParseConnection(ReadOnlySpan<char> value)
    {
        var parts = Split(value);
        return parts.Length == 3 ? new SdpConnection(parts[0], parts[1], parts[2]) : null;
    }

    public static string? TryAddBandwidth(IList<SdpBandwidth> bandwidths, ReadOnlySpan<char> value)
    {
        var colon = value.IndexOf(':');
        if (colon <= 0 || !SdpParser.TryParseULong(value[(colon + 1)..], out var amount))
        {
            return "bad b= line";
        }

        bandwidths.Add(new SdpBandwidth(value[..colon].ToString(), amount));
        return null;
    }

    public static string[] Split(ReadOnlySpan<char> value) => value.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Splits "name:value" at the first colon; a flag attribute has no value.</summary>
    public static (string Name, string? Value) SplitAttribute(ReadOnlySpan<char> attribute)
    {
        var colon = attribute.IndexOf(':');
        return colon < 0
            ? (attribute.ToString(), null)
            : (attribute[..colon].ToString(), attribute[(colon + 1)..].Trim(' ').ToString());
    }

    public static string? TryParseSetup(string? value, out DtlsSetup setup)
    {
        switch (value?.ToLowerInvariant())
        {
            case "actpass":
                setup = DtlsSetup.ActPass;
                return null;
            case "active":
                setup = DtlsSetup.Active;
                return null;
            case "passive":
                setup = DtlsSetup.Passive;
                return null;
            case "holdconn":
                setup = DtlsSetup.HoldConn;
                return null;
            default:
                setup = default;
                return "bad a=setup value";
        }
    }

    public static string? TryAddFingerprint(IList<SdpFingerprint> fingerprints, string? value)
    {
        var parts = value is null ? [] : Split(value);
        if (parts.Length != 2)
        {
            return "bad a=fingerprint value";
        }

        fingerprints.Add(new SdpFingerprint(parts[0].ToLowerInvariant(), parts[1].ToUpperInvariant()));
        return null;
    }

    public static string? TryAddIceOptions(IList<string> options, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "empty a=ice-options";
        }

        foreach (var option in Split(value))
        {
            options.Add(option);
        }

        return null;
    }

    public static string? TryParseNonEmpty(string? value, string name, out string result)
    {
        result = value ?? "";
        return result.Length == 0 ? $"empty a={name}" : null;
    }
}
