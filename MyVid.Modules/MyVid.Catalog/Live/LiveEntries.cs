using Microsoft.EntityFrameworkCore;
using MyVid.Catalog.Contracts;
using MyVid.Catalog.Persistence;
using MyVid.Platform.Ids;

namespace MyVid.Catalog.Live;

/// <summary>The catalogue's side of <see cref="ILiveEntries"/>.</summary>
internal sealed class LiveEntries(CatalogDbContext db) : ILiveEntries
{
    public async Task<LiveEntry?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (!ShortId.IsWellFormed(id))
        {
            return null;
        }
        var video = await db.Videos.AsNoTracking().Where(v => v.Id == id)
            .Select(v => new { v.Kind, v.Visibility, v.EndedAtUtc, v.ControlUrl, v.StreamId })
            .FirstOrDefaultAsync(cancellationToken);
        if (video is null || (video.Visibility != VideoVisibility.Public && video.EndedAtUtc is null))
        {
            return null; // unknown, or an upload not published yet
        }
        return video is { Kind: VideoKind.WebRtc, Visibility: VideoVisibility.Public, EndedAtUtc: null }
            ? new LiveEntry(video.ControlUrl, video.StreamId)
            : new LiveEntry(null, null);
    }
}
