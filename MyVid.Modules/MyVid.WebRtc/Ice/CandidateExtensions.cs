using System.Globalization;

namespace MyVid.WebRtc.Ice;

/// <summary>Collects the key/value pairs after "typ": the ones with a meaning, and the rest kept verbatim.</summary>
internal sealed class CandidateExtensions
{
    public string? RelatedAddress { get; private set; }

    public int? RelatedPort { get; private set; }

    public string? TcpType { get; private set; }

    public int? Generation { get; private set; }

    public string? Ufrag { get; private set; }

    public int? NetworkId { get; private set; }

    public int? NetworkCost { get; private set; }

    public List<KeyValuePair<string, string>> Unknown { get; } = [];

    /// <summary>False when a known key has a value of the wrong form.</summary>
    public bool TryAdd(string key, string value)
    {
        switch (key)
        {
            case "raddr":
                RelatedAddress = value;
                return true;
            case "rport":
                RelatedPort = IceCandidate.TryParsePort(value, out int port) ? port : null;
                return RelatedPort is not null;
            case "tcptype":
                TcpType = value;
                return true;
            case "generation":
                Generation = Number(value);
                return Generation is not null;
            case "ufrag":
                Ufrag = value;
                return true;
            case "network-id":
                NetworkId = Number(value);
                return NetworkId is not null;
            case "network-cost":
                NetworkCost = Number(value);
                return NetworkCost is not null;
            default:
                Unknown.Add(new KeyValuePair<string, string>(key, value));
                return true;
        }
    }

    private static int? Number(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : null;
}
