using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyVid.Media.Catalog;
using MyVid.Media.Recording.Storage;
using MyVid.Platform.Storage;
using MyVid.Signalling.Contracts;

namespace MyVid.Media.Recording;

/// <summary>
/// The last steps of every recording, live or recovered: a preview JPEG from its first keyframe into the previews
/// bucket, the catalogue told through the endpoint's media API (retried until it accepts: the node may be between
/// endpoints), and only then the manifest deleted. A node that dies before that recovers it at its next start.
/// </summary>
internal sealed partial class RecordingHandOff(
    IObjectStore store, IMediaCatalog catalog, RecordingPreview preview, IOptions<RecordingOptions> options, ILogger<RecordingHandOff> logger)
{
    /// <summary>True once the catalogue has the video (the manifest is gone); false when it refused it for good.</summary>
    public async Task<bool> HandOverAsync(RecordingManifest manifest, bool cutShort, CancellationToken cancellationToken)
    {
        var videoId = manifest.VideoId ?? throw new InvalidOperationException($"The manifest of {manifest.Key} names no video.");
        var previewKey = await StorePreviewAsync(manifest, videoId, cancellationToken);
        var request = new LiveRecordingRequest
        {
            VideoObjectKey = manifest.Key,
            PreviewObjectKey = previewKey,
            DurationSeconds = manifest.DurationMs > 0 ? manifest.DurationMs / 1000.0 : null,
            CutShort = cutShort,
        };
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                await catalog.AttachRecordingAsync(videoId, request, cancellationToken);
                break;
            }
            catch (HttpRequestException e) when (e.StatusCode is { } status && (int)status is >= 400 and < 500 && status != HttpStatusCode.Unauthorized)
            {
                // The entry is gone (or the request is wrong): asking again will not help; the file stays in the store.
                LogRefused(logger, videoId, e.Message);
                await RecordingManifest.DeleteAsync(store, manifest.Bucket, manifest.Key, cancellationToken);
                return false;
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException
                && !cancellationToken.IsCancellationRequested)
            {
                LogRetry(logger, videoId, delay.TotalSeconds, e.Message);
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.Value.CatalogRetryMax.Ticks));
            }
        }
        await RecordingManifest.DeleteAsync(store, manifest.Bucket, manifest.Key, cancellationToken);
        LogHandedOver(logger, videoId, manifest.Key, manifest.DurationMs / 1000.0, cutShort);
        return true;
    }

    private async Task<string?> StorePreviewAsync(RecordingManifest manifest, string videoId, CancellationToken cancellationToken)
    {
        var (jpeg, error) = await preview.TakeAsync(store, manifest.Bucket, manifest.Key, cancellationToken);
        if (jpeg is null)
        {
            LogNoPreview(logger, videoId, error);
            return null;
        }
        var key = $"{videoId}_live.jpg";
        await store.PutAsync(ObjectBucket.Previews, key, new MemoryStream(jpeg, writable: false), "image/jpeg", cancellationToken);
        return key;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recording of {VideoId} handed to the catalogue: {Key}, {Seconds:F1} s, cut short: {CutShort}")]
    private static partial void LogHandedOver(ILogger logger, string videoId, string key, double seconds, bool cutShort);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording of {VideoId}: the catalogue is not reachable, again in {Seconds:F1} s ({Reason})")]
    private static partial void LogRetry(ILogger logger, string videoId, double seconds, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording of {VideoId}: the catalogue refused it ({Reason}); the file stays in the store")]
    private static partial void LogRefused(ILogger logger, string videoId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording of {VideoId}: no preview ({Reason})")]
    private static partial void LogNoPreview(ILogger logger, string videoId, string? reason);
}
