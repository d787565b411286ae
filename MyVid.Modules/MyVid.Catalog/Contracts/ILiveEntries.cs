namespace MyVid.Catalog.Contracts;

/// <summary>A catalogue entry as a viewer outside Appendix D needs it (WHEP): where its live stream is, if it is live.</summary>
public sealed record LiveEntry(string? ControlUrl, string? StreamId)
{
    /// <summary>A public live entry that has not ended: its ControlURL and StreamID name the stream on its media node.</summary>
    public bool IsLive => ControlUrl is not null && StreamId is not null;
}

/// <summary>Looks up live streams by catalogue ID.</summary>
public interface ILiveEntries
{
    /// <summary>
    /// The entry: live, or a video that is not live now (a stored one, an ended stream); null when the catalogue has
    /// no public or ended entry with this ID.
    /// </summary>
    Task<LiveEntry?> FindAsync(string id, CancellationToken cancellationToken);
}
