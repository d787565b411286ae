using System.Net;

namespace MyVid.WebRtc.Ice;

public enum IceConnectionState
{
    /// <summary>No pair selected yet.</summary>
    New,

    /// <summary>A pair is selected and consent is fresh.</summary>
    Connected,

    /// <summary>Consent lost (RFC 7675 §5.1) or every check failed. Final: media must stop; a new agent is needed.</summary>
    Closed,
}

public enum IceEventKind
{
    /// <summary>The first pair was selected.</summary>
    Connected,

    /// <summary>A later nomination moved media to another pair (e.g. after a network change or an ICE restart).</summary>
    SelectedPairChanged,

    /// <summary>The agent went to <see cref="IceConnectionState.Closed"/>.</summary>
    Closed,
}

/// <param name="RemoteEndPoint">The selected remote endpoint (for Closed: the last one, or null if none was).</param>
public readonly record struct IceEvent(IceEventKind Kind, IPEndPoint? RemoteEndPoint);
