using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyVid.Catalog.Contracts;
using MyVid.Platform.Ids;
using MyVid.Platform.Persistence;
using MyVid.Platform.Storage;
using MyVid.Upload.Api;
using MyVid.Upload.Naming;
using MyVid.Upload.Persistence;

namespace MyVid.Upload.Starting;

/// <summary>
/// <c>POST /NEWVIDEOUPLOAD</c>'s work: fix the object keys, record the upload (its expiry first, so the cleanup can
/// always find what was begun), add the private catalogue entry, and sign the upload URLs.
/// </summary>
internal sealed partial class UploadStarter(
    UploadDbContext db,
    ICatalogWriter catalog,
    IObjectStore store,
    PartUrls partUrls,
    IOptions<UploadOptions> options,
    TimeProvider clock,
    UploadMetrics metrics,
    ILogger<UploadStarter> logger)
{
    public async Task<NewVideoUploadResponse> StartAsync(NewVideoUploadRequest request, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        var id = ShortId.New();
        var token = UploadToken.New();
        var videoName = UploadFileName.Sanitise(request.VideoFilename!);
        var previewName = request.PreviewFilename is null ? null : UploadFileName.Sanitise(request.PreviewFilename);
        var upload = new PendingUpload
        {
            Id = id,
            TokenHash = UploadToken.Hash(token),
            VideoObjectKey = $"{id}_{videoName}",
            VideoContentType = ContentTypes.ForFileName(videoName),
            PreviewObjectKey = previewName is null ? null : $"{id}_{previewName}",
            PreviewContentType = previewName is null ? null : ContentTypes.ForFileName(previewName),
            VideoBytes = request.VideoSize,
            CreatedAtUtc = now.UtcDateTime,
            ExpiresAtUtc = (now + o.Expiry).UtcDateTime,
        };
        if (request.VideoSize > o.MultipartThreshold)
        {
            upload.PartSize = o.PartSize;
            upload.PartCount = (int)((request.VideoSize.Value + o.PartSize - 1) / o.PartSize);
            upload.MultipartUploadId = await store.StartMultipartAsync(ObjectBucket.Videos, upload.VideoObjectKey, upload.VideoContentType,
                cancellationToken);
        }
        try
        {
            await db.InsertIfAbsentAsync(upload, u => u.Id == id, cancellationToken);
        }
        catch (Exception) when (upload.MultipartUploadId is not null)
        {
            // Nothing records the multipart upload yet: abort it rather than leave parts no cleanup can find.
            await AbortQuietlyAsync(upload);
            throw;
        }
        await catalog.CreatePrivateUploadAsync(new NewUploadedVideo(id, request.Title!.Trim(), request.Description ?? "", upload.VideoObjectKey,
            upload.PreviewObjectKey), cancellationToken);
        LogStarted(id, upload.VideoObjectKey, upload.PartCount ?? 1);
        metrics.Started();

        var expiresAt = now + o.UrlLifetime;
        var previewUrl = upload.PreviewObjectKey is null
            ? null
            : store.GetUploadUrl(ObjectBucket.Previews, upload.PreviewObjectKey, upload.PreviewContentType!, expiresAt).AbsoluteUri;
        var videoUrl = upload.MultipartUploadId is null
            ? store.GetUploadUrl(ObjectBucket.Videos, upload.VideoObjectKey, upload.VideoContentType, expiresAt).AbsoluteUri
            : null;
        var multipart = upload.MultipartUploadId is null ? null : partUrls.Describe(upload, [], expiresAt);
        return new NewVideoUploadResponse(id, previewUrl, videoUrl, token, upload.PreviewContentType, upload.VideoContentType, expiresAt, multipart);
    }

    private async Task AbortQuietlyAsync(PendingUpload upload)
    {
        try
        {
            await store.AbortMultipartAsync(ObjectBucket.Videos, upload.VideoObjectKey, upload.MultipartUploadId!, CancellationToken.None);
        }
        catch (Exception e)
        {
            LogAbortFailed(upload.Id, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload {Id} begun: {Key} in {Parts} part(s)")]
    private partial void LogStarted(string id, string key, int parts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {Id}: aborting its multipart upload failed: {Reason}")]
    private partial void LogAbortFailed(string id, string reason);
}
