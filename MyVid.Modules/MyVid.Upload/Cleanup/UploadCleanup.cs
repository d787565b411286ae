using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MyVid.Catalog.Contracts;
using MyVid.Platform.Storage;
using MyVid.Upload.Persistence;

namespace MyVid.Upload.Cleanup;

/// <summary>
/// Deletes uploads never published once they expire: the unfinished multipart upload, both objects, the private
/// catalogue entry and last the upload's row, so that an interrupted pass is finished by the next. Every step
/// tolerates what is already gone, and several nodes may run it at once.
/// </summary>
internal sealed partial class UploadCleanup(
    UploadDbContext db,
    ICatalogWriter catalog,
    IObjectStore store,
    TimeProvider clock,
    ILogger<UploadCleanup> logger)
{
    public const int BatchSize = 100;

    /// <summary>Deletes one batch of expired uploads; returns how many.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var expired = await db.Uploads.AsNoTracking()
            .Where(u => u.PublishedAtUtc == null && u.ExpiresAtUtc < now)
            .OrderBy(u => u.ExpiresAtUtc)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);
        foreach (var upload in expired)
        {
            if (upload.MultipartUploadId is { } uploadId)
            {
                await store.AbortMultipartAsync(ObjectBucket.Videos, upload.VideoObjectKey, uploadId, cancellationToken);
            }
            await store.DeleteAsync(ObjectBucket.Videos, upload.VideoObjectKey, cancellationToken);
            if (upload.PreviewObjectKey is { } preview)
            {
                await store.DeleteAsync(ObjectBucket.Previews, preview, cancellationToken);
            }
            await catalog.DeletePrivateAsync(upload.Id, cancellationToken);
            // Only if still unpublished: a publish that raced this pass keeps its row (its objects are gone; verify would have failed).
            await db.Uploads.Where(u => u.Id == upload.Id && u.PublishedAtUtc == null).ExecuteDeleteAsync(cancellationToken);
            LogExpired(upload.Id, upload.VideoObjectKey);
        }
        return expired.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload {Id} expired unpublished: deleted {Key}, its preview and its catalogue entry")]
    private partial void LogExpired(string id, string key);
}
