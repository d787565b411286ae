using System.Globalization;
using System.Net;
using System.Text;

namespace MyVid.WebRtc.Ice;

/// <summary>Candidate types (RFC 8445 §5.1.1) with their SDP names (RFC 8839 §5.1).</summary>
public enum IceCandidateType
{
    Host,
    ServerReflexive,
    PeerReflexive,
    Relay,
}

/// <summary>
/// One SDP <c>candidate</c> attribute (RFC 8839 §5.1) with the extensions browsers send (generation, ufrag,
/// network-id, network-cost) and tcptype (RFC 6544). Unknown extensions are kept in order and written back.
/// The address may be an mDNS hostname (<c>*.local</c>, RFC draft-ietf-mmusic-mdns-ice-candidates): it is kept
/// as text, and <see cref="TryGetEndPoint"/> returns false for it; resolving it is the caller's choice.
/// </summary>
public sealed class IceCandidate
{
    public required string Foundation { get; init; }

    public int Component { get; init; } = 1;

    /// <summary>As written ("udp", "UDP", "tcp"): the grammar is case-insensitive and round trips keep the case.</summary>
    public string Transport { get; init; } = "udp";

    public uint Priority { get; init; }

    /// <summary>An IP address literal or a hostname (mDNS).</summary>
    public required string Address { get; init; }

    public int Port { get; init; }

    public IceCandidateType Type { get; init; }

    public string? RelatedAddress { get; init; }

    public int? RelatedPort { get; init; }

    public string? TcpType { get; init; }

    public int? Generation { get; init; }

    public string? Ufrag { get; init; }

    public int? NetworkId { get; init; }

    public int? NetworkCost { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Extensions { get; init; } = [];

    public bool IsMdns => Address.EndsWith(".local", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Priority formula of RFC 8445 §5.1.2.1: 2^24 type preference + 2^8 local preference + (256 - component),
    /// with the recommended type preferences (host 126, peer-reflexive 110, server-reflexive 100, relay 0).
    /// </summary>
    public static uint ComputePriority(IceCandidateType type, int localPreference, int component)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(localPreference);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(localPreference, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThan(component, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(component, 256);
        uint typePreference = type switch
        {
            IceCandidateType.Host => 126,
            IceCandidateType.PeerReflexive => 110,
            IceCandidateType.ServerReflexive => 100,
            _ => 0,
        };
        return (typePreference << 24) + ((uint)localPreference << 8) + (uint)(256 - component);
    }

    public bool TryGetEndPoint(out IPEndPoint? endPoint)
    {
        endPoint = IPAddress.TryParse(Address, out var address) ? new IPEndPoint(address, Port) : null;
        return endPoint is not null;
    }

    /// <summary>Parses "a=candidate:…", "candidate:…" or the bare value. False on malformed input, never throws.</summary>
    public static bool TryParse(string? line, out IceCandidate? candidate)
    {
        candidate = null;
        if (line is null)
        {
            return false;
        }

        var text = line.AsSpan().Trim();
        if (text.StartsWith("a=", StringComparison.Ordinal))
        {
            text = text[2..];
        }

        if (text.StartsWith("candidate:", StringComparison.OrdinalIgnoreCase))
        {
            text = text["candidate:".Length..];
        }

        // Tokens are VCHARs between spaces (RFC 8839 §5.1): a CR or LF inside one would end the SDP line it is
        // written into, so control characters fail the parse rather than travel on.
        if (text.ContainsAnyInRange('\0', '\u001F') || text.Contains('\u007F'))
        {
            return false;
        }

        var tokens = text.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length < 8 || tokens.Length % 2 != 0 || tokens[0].Length > 32
            || !int.TryParse(tokens[1], NumberStyles.None, CultureInfo.InvariantCulture, out int component)
            || component is < 1 or > 256
            || !uint.TryParse(tokens[3], NumberStyles.None, CultureInfo.InvariantCulture, out uint priority)
            || !TryParsePort(tokens[5], out int port)
            || !tokens[6].Equals("typ", StringComparison.OrdinalIgnoreCase)
            || !TryParseType(tokens[7], out var type))
        {
            return false;
        }

        var parsed = new CandidateExtensions();
        for (int i = 8; i < tokens.Length; i += 2)
        {
            if (!parsed.TryAdd(tokens[i], tokens[i + 1]))
            {
                return false;
            }
        }

        candidate = new IceCandidate
        {
            Foundation = tokens[0], Component = component, Transport = tokens[2], Priority = priority,
            Address = tokens[4], Port = port, Type = type, RelatedAddress = parsed.RelatedAddress,
            RelatedPort = parsed.RelatedPort, TcpType = parsed.TcpType, Generation = parsed.Generation,
            Ufrag = parsed.Ufrag, NetworkId = parsed.NetworkId, NetworkCost = parsed.NetworkCost,
            Extensions = parsed.Unknown,
        };
        return true;
    }

    /// <summary>The attribute as "candidate:…" (no "a=" and no line end), in Chromium's order of extensions.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(128);
        var invariant = CultureInfo.InvariantCulture;
        text.Append(invariant, $"candidate:{Foundation} {Component} {Transport} {Priority} {Address} {Port} typ {TypeName(Type)}");
        if (RelatedAddress is not null)
        {
            text.Append(" raddr ").Append(RelatedAddress);
        }

        if (RelatedPort is { } relatedPort)
        {
            text.Append(invariant, $" rport {relatedPort}");
        }

        Append(text, "tcptype", TcpType);
        Append(text, "generation", Generation?.ToString(invariant));
        Append(text, "ufrag", Ufrag);
        Append(text, "network-id", NetworkId?.ToString(invariant));
        Append(text, "network-cost", NetworkCost?.ToString(invariant));
        foreach (var extension in Extensions)
        {
            Append(text, extension.Key, extension.Value);
        }

        return text.ToString();
    }

    internal static bool TryParsePort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= 65535;

    private static void Append(StringBuilder text, string key, string? value)
    {
        if (value is not null)
        {
            text.Append(' ').Append(key).Append(' ').Append(value);
        }
    }

    private static string TypeName(IceCandidateType type) => type switch
    {
        IceCandidateType.Host => "host",
        IceCandidateType.ServerReflexive => "srflx",
        IceCandidateType.PeerReflexive => "prflx",
        _ => "relay",
    };

    private static bool TryParseType(string text, out IceCandidateType type)
    {
        type = text.ToUpperInvariant() switch
        {
            "HOST" => IceCandidateType.Host,
            "SRFLX" => IceCandidateType.ServerReflexive,
            "PRFLX" => IceCandidateType.PeerReflexive,
            "RELAY" => IceCandidateType.Relay,
            _ => (IceCandidateType)(-1),
        };
        return Enum.IsDefined(type);
    }
}
