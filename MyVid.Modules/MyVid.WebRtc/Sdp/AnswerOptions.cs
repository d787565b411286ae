namespace MyVid.WebRtc.Sdp;

/// <summary>Everything <see cref="SdpAnswerBuilder"/> needs besides the offer.</summary>
public sealed class AnswerOptions
{
    public AnswerOptions(LocalCapabilities capabilities, LocalTransport transport, SdpOrigin origin)
    {
        Capabilities = capabilities;
        Transport = transport;
        Origin = origin;
    }

    public LocalCapabilities Capabilities { get; }

    public LocalTransport Transport { get; }

    public SdpOrigin Origin { get; }

    /// <summary>
    /// The direction we want per media kind; absent kinds get recvonly, since the SFU receives from publishers.
    /// The answer's direction is this intersected with the reverse of the offer's (RFC 3264 §6.1).
    /// </summary>
    public IDictionary<MediaKind, MediaDirection> Directions { get; } = new Dictionary<MediaKind, MediaDirection>();

    /// <summary>What we send in a given mid when the negotiated direction lets us send.</summary>
    public IDictionary<string, SendTrack> SendTracks { get; } = new Dictionary<string, SendTrack>(StringComparer.Ordinal);
}
