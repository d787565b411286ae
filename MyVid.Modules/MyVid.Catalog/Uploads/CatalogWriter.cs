using Microsoft.EntityFrameworkCore;
using MyVid.Catalog.Api;
using MyVid.Catalog.Contracts;
using MyVid.Catalog.Persistence;
using MyVid.Catalog.Search;
using MyVid.Platform.Persistence;

namespace MyVid.Catalog.Uploads;

/// <summary>
/// The catalogue's side of uploads and live streams (<see cref="ICatalogWriter"/>); every write is safe to retry.
/// Every change of an existing video forgets its kept GET answer on this node (<see cref="VideoAnswerCache"/>), and every
/// change of what searches list (all but viewer counts and private uploads) the kept search answers (<see cref="SearchAnswerCache"/>).
/// </summary>
internal sealed class CatalogWriter(CatalogDbContext db, TimeProvider clock, VideoAnswerCache answers) : ICatalogWriter
{
    public async Task CreatePrivateUploadAsync(NewUploadedVideo video, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.InsertIfAbsentAsync(new Video
        {
            Id = video.Id,
            Kind = VideoKind.MyVid,
            Visibility = VideoVisibility.Private,
            Title = video.Title,
            Description = video.Description,
            VideoObjectKey = video.VideoObjectKey,
            PreviewObjectKey = video.PreviewObjectKey,
            RandomKey = Random.Shared.NextInt64(VideoQueries.RandomKeyRange),
            CreatedAtUtc = now,
            UpdatedAtUtc = now,
        }, v => v.Id == video.Id, cancellationToken);
    }

    public async Task<UploadedVideo?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var v = await db.Videos.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id, cancellationToken);
        if (v is null)
        {
            return null;
        }
        var probe = v.ProbedAtUtc is null ? null : new VideoProbeResult(v.DurationSeconds, v.Width, v.Height, v.VideoCodec, v.AudioCodec, v.ProbeError);
        return new UploadedVideo(v.Id, v.Visibility == VideoVisibility.Public, v.VideoObjectKey, v.PreviewObjectKey, probe);
    }

    public async Task<PublishOutcome> PublishAsync(string id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = await db.Videos.Where(v => v.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.Visibility, VideoVisibility.Public).SetProperty(v => v.UpdatedAtUtc, now),
                cancellationToken);
        answers.Forget(id);
        return changed > 0 ? PublishOutcome.Published : PublishOutcome.NotFound;
    }

    /// <summary>Through the change tracker, so that MariaDB's term index forgets the video in the same transaction.</summary>
    public async Task<bool> DeletePrivateAsync(string id, CancellationToken cancellationToken)
    {
        var video = await db.Videos.FirstOrDefaultAsync(v => v.Id == id && v.Visibility == VideoVisibility.Private, cancellationToken);
        if (video is null)
        {
            return false;
        }
        db.Videos.Remove(video);
        await db.SaveChangesAsync(cancellationToken);
        answers.Forget(id);
        return true;
    }

    public async Task RecordProbeAsync(string id, VideoProbeResult result, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // A failed probe keeps whatever duration the video had; a successful one replaces it.
        await db.Videos.Where(v => v.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(v => v.DurationSeconds, v => result.Error == null ? result.DurationSeconds : v.DurationSeconds)
            .SetProperty(v => v.Width, result.Width)
            .SetProperty(v => v.Height, result.Height)
            .SetProperty(v => v.VideoCodec, result.VideoCodec)
            .SetProperty(v => v.AudioCodec, result.AudioCodec)
            .SetProperty(v => v.ProbeError, result.Error)
            .SetProperty(v => v.ProbedAtUtc, now)
            .SetProperty(v => v.UpdatedAtUtc, now), cancellationToken);
        answers.Forget(id);
    }

    public async Task<bool> SetPreviewIfMissingAsync(string id, string previewObjectKey, CancellationToken cancellationToken)
    {
        var changed = await db.Videos.Where(v => v.Id == id && v.PreviewObjectKey == null && v.PreviewUrl == null)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.PreviewObjectKey, previewObjectKey), cancellationToken);
        answers.Forget(id);
        return changed > 0;
    }

    public async Task CreateLiveAsync(NewLiveVideo video, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.InsertIfAbsentAsync(new Video
        {
            Id = video.Id,
            Kind = VideoKind.WebRtc,
            Visibility = VideoVisibility.Public,
            Title = video.Title,
            Description = video.Description,
            ControlUrl = video.ControlUrl,
            StreamId = video.StreamId,
            Viewers = 0,
            RandomKey = Random.Shared.NextInt64(VideoQueries.RandomKeyRange),
            CreatedAtUtc = now,
            UpdatedAtUtc = now,
        }, v => v.Id == video.Id, cancellationToken);
        answers.Forget(video.Id); // a public entry: kept search answers may now lack it
    }

    /// <summary>Forgets nothing: live entries' answers are never kept, and viewer counts change every few seconds.</summary>
    public async Task<bool> UpdateLiveViewersAsync(string id, int viewers, CancellationToken cancellationToken) =>
        await db.Videos.Where(v => v.Id == id && v.Kind == VideoKind.WebRtc && v.EndedAtUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.Viewers, viewers), cancellationToken) > 0;

    public async Task<bool> MoveLiveAsync(string id, string controlUrl, CancellationToken cancellationToken)
    {
        var changed = await db.Videos.Where(v => v.Id == id && v.Kind == VideoKind.WebRtc && v.EndedAtUtc == null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(v => v.ControlUrl, controlUrl)
                .SetProperty(v => v.UpdatedAtUtc, clock.GetUtcNow().UtcDateTime), cancellationToken);
        answers.Forget(id);
        return changed > 0;
    }

    public async Task<bool> MarkLiveEndedAsync(string id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Private hides it from every list and from GET /API/VIDEO/{ID}; EndedAtUtc keeps a retry from moving the time.
        await db.Videos.Where(v => v.Id == id && v.Kind == VideoKind.WebRtc && v.EndedAtUtc == null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(v => v.Visibility, VideoVisibility.Private)
                .SetProperty(v => v.EndedAtUtc, now)
                .SetProperty(v => v.Viewers, 0)
                .SetProperty(v => v.UpdatedAtUtc, now), cancellationToken);
        answers.Forget(id);
        return await db.Videos.AnyAsync(v => v.Id == id && v.Kind == VideoKind.WebRtc, cancellationToken);
    }

    public async Task<bool> AttachRecordingAsync(string id, LiveRecording recording, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = await db.Videos.Where(v => v.Id == id && (v.Kind == VideoKind.WebRtc || v.EndedAtUtc != null))
            .ExecuteUpdateAsync(s => s
                .SetProperty(v => v.Kind, VideoKind.MyVid)
                .SetProperty(v => v.Visibility, VideoVisibility.Public)
                .SetProperty(v => v.VideoObjectKey, recording.VideoObjectKey)
                .SetProperty(v => v.PreviewObjectKey, v => recording.PreviewObjectKey ?? v.PreviewObjectKey)
                .SetProperty(v => v.DurationSeconds, recording.DurationSeconds)
                .SetProperty(v => v.CutShort, recording.CutShort)
                .SetProperty(v => v.EndedAtUtc, v => v.EndedAtUtc ?? now)
                .SetProperty(v => v.Viewers, (int?)null)
                .SetProperty(v => v.UpdatedAtUtc, now), cancellationToken);
        answers.Forget(id);
        return changed > 0;
    }
}
