namespace MyVid.Drills;

/// <summary>How many loops of each kind run at once, and how long each rests between requests (the load is bounded).</summary>
public sealed record LoadOptions
{
    public int Searchers { get; init; } = 2;

    public int Readers { get; init; } = 2;

    public int Uploaders { get; init; } = 2;

    /// <summary>Loops that play stored videos back (download and compare).</summary>
    public int Players { get; init; }

    /// <summary>Loops that play the remote "CCC" video (its catalogue entry, then its URL).</summary>
    public int RemotePlayers { get; init; }

    public TimeSpan Pace { get; init; } = TimeSpan.FromMilliseconds(50);

    public int VideoBytes { get; init; } = 32 * 1024;
}
