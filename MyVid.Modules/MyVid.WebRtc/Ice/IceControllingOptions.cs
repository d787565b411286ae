namespace MyVid.WebRtc.Ice;

/// <summary>Timers of <see cref="IceControllingAgent"/>; the defaults follow RFC 8445 §14 and RFC 7675 §5.1.</summary>
public sealed record IceControllingOptions
{
    /// <summary>Ta: the gap between new checks (RFC 8445 §14.2; 50 ms for a single data stream).</summary>
    public TimeSpan Pacing { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Lower bound of the first retransmission timeout; RTO = max(this, Ta × pairs being checked) (§14.3).</summary>
    public TimeSpan InitialRto { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Cap of the doubling RTO: with the defaults a silent pair fails after about 10 s, not RFC 8489's 39.5 s.</summary>
    public TimeSpan MaxRto { get; init; } = TimeSpan.FromMilliseconds(1600);

    /// <summary>Transmissions of one check, the first included (RFC 8489's Rc).</summary>
    public int MaxTransmissions { get; init; } = 7;

    /// <summary>Mean gap between consent checks; each is jittered to 0.8–1.2 of it (RFC 7675 §5.1).</summary>
    public TimeSpan ConsentInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Consent is lost when no consent check has been answered for this long (RFC 7675 §5.1).</summary>
    public TimeSpan ConsentTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
