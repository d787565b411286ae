using System.Globalization;

namespace MyVid.WebRtc.Sdp;

/// <summary>
/// Parses a session description (RFC 8866 §9 grammar): v=, o=, s= first and in that order, then the other session
/// lines, t= before the first m=, and per m= section only i=, c=, b=, k= and a=. Accepts CRLF and bare LF.
/// Bad input gives false and a message naming the line; it never throws.
/// </summary>
public static class SdpParser
{
    public static bool TryParse(string? sdp, out SessionDescription description, out string error)
    {
        description = new SessionDescription();
        if (string.IsNullOrWhiteSpace(sdp))
        {
            error = "empty session description";
            return false;
        }

        var state = new State(description);
        var lineNumber = 0;
        foreach (var rawLine in sdp.AsSpan().EnumerateLines())
        {
            lineNumber++;
            var line = rawLine.TrimEnd(' ');
            if (line.IsEmpty)
            {
                continue;
            }

            var lineError = state.Accept(line);
            if (lineError is not null)
            {
                error = $"line {lineNumber}: {lineError}: '{Shorten(line)}'";
                return false;
            }
        }

        error = state.Finish() ?? "";
        return error.Length == 0;
    }

    public static SessionDescription Parse(string sdp) =>
        TryParse(sdp, out var description, out var error) ? description : throw new FormatException(error);

    private static string Shorten(ReadOnlySpan<char> line) => line.Length <= 80 ? line.ToString() : string.Concat(line[..77], "...");

    internal static bool TryParseInt(ReadOnlySpan<char> text, int min, int max, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;

    internal static bool TryParseULong(ReadOnlySpan<char> text, out ulong value) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private sealed class State(SessionDescription session)
    {
        // Index of the next mandatory header line: 0 = v=, 1 = o=, 2 = s=, 3 = free session lines.
        private int header;
        private bool hasTiming;
        private MediaSection? media;

        public string? Accept(ReadOnlySpan<char> line)
        {
            if (line.Length < 2 || line[1] != '=' || line[0] < 'a' || line[0] > 'z')
            {
                return "not a <type>=<value> line";
            }

            var type = line[0];
            var value = line[2..];
            if (header < 3)
            {
                return AcceptHeader(type, value);
            }

            if (type == 'm')
            {
                if (!hasTiming)
                {
                    return "m= before t=";
                }

                var error = media?.Finish();
                if (error is not null)
                {
                    return error;
                }

                media = MediaSection.TryStart(value, out error);
                if (media is null)
                {
                    return error;
                }

                session.Media.Add(media.Media);
                return null;
            }

            return media is null ? AcceptSessionLine(type, value) : media.Accept(type, value);
        }

        public string? Finish()
        {
            if (header < 3)
            {
                return "missing " + (header switch { 0 => "v=", 1 => "o=", _ => "s=" }) + " line";
            }

            if (!hasTiming)
            {
                return "missing t= line";
            }

            var error = media?.Finish();
            if (error is not null)
            {
                return $"m={media!.Media.Media} section: {error}";
            }

            Inherit();
            return null;
        }

        private string? AcceptHeader(char type, ReadOnlySpan<char> value)
        {
            switch (header, type)
            {
                case (0, 'v'):
                    header++;
                    return value.SequenceEqual("0") ? null : "unsupported version";
                case (1, 'o'):
                    header++;
                    return TryParseOrigin(value);
                case (2, 's'):
                    header++;
                    session.SessionName = value.ToString();
                    return null;
                default:
                    return "expected " + (header switch { 0 => "v=", 1 => "o=", _ => "s=" }) + " line";
            }
        }

        private string? TryParseOrigin(ReadOnlySpan<char> value)
        {
            var parts = value.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 6 || !TryParseULong(parts[2], out var version))
            {
                return "bad o= line";
            }

            session.Origin = new SdpOrigin(parts[0], parts[1], version, parts[3], parts[4], parts[5]);
            return null;
        }

        private string? AcceptSessionLine(char type, ReadOnlySpan<char> value)
        {
            switch (type)
            {
                case 't':
                    var parts = value.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (parts.Length != 2 || !TryParseULong(parts[0], out var start) || !TryParseULong(parts[1], out var stop))
                    {
                        return "bad t= line";
                    }

                    session.Timing = new SdpTiming(start, stop);
                    hasTiming = true;
                    return null;
                case 'c':
                    session.Connection = SdpLineParser.ParseConnection(value);
                    return session.Connection is null ? "bad c= line" : null;
                case 'b':
                    return SdpLineParser.TryAddBandwidth(session.Bandwidths, value);
                case 'i' or 'u' or 'e' or 'p' or 'r' or 'z' or 'k':
                    session.OtherLines.Add(new SdpLine(type, value.ToString()));
                    return null;
                case 'a':
                    return SessionAttributeParser.Accept(session, value);
                default:
                    return $"{type}= line not allowed at session level";
            }
        }

        // Session-level ICE, DTLS and direction attributes apply to every m= section that has none (RFC 8839 §5.5,
        // RFC 8842 §5.1, RFC 8866 §6.7), so consumers read one place.
        private void Inherit()
        {
            foreach (var m in session.Media)
            {
                m.IceUfrag ??= session.IceUfrag;
                m.IcePwd ??= session.IcePwd;
                m.Setup ??= session.Setup;
                m.Direction ??= session.Direction;
                if (m.IceOptions.Count == 0)
                {
                    foreach (var option in session.IceOptions)
                    {
                        m.IceOptions.Add(option);
                    }
                }

                if (m.Fingerprints.Count == 0)
                {
                    foreach (var fingerprint in session.Fingerprints)
                    {
                        m.Fingerprints.Add(fingerprint);
                    }
                }
            }
        }
    }
}
