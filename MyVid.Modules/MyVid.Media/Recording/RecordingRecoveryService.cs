using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MyVid.Media.Recording.Storage;
using MyVid.Platform.Storage;

namespace MyVid.Media.Recording;

/// <summary>
/// At the node's start: this node's recordings that never reached the catalogue (it died mid-stream, or before the
/// hand-off) are found by their manifests, completed into playable files with <see cref="RecordingRecovery"/> (cut
/// short unless the file was already whole) and handed over; the manifest goes once the catalogue has accepted.
/// Runs in the background: forwarding never waits for it.
/// </summary>
internal sealed partial class RecordingRecoveryService(
    IObjectStore store, RecordingHandOff handOff, LiveRecordings recordings, ILogger<RecordingRecoveryService> logger) : BackgroundService
{
    private static readonly TimeSpan StoreRetry = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var manifest in await FindOwnAsync(stoppingToken))
        {
            try
            {
                var recovery = await RecordingRecovery.CompleteAsync(store, manifest, stoppingToken);
                if (recovery.Outcome == RecoveryOutcome.Empty)
                {
                    await RecordingManifest.DeleteAsync(store, manifest.Bucket, manifest.Key, stoppingToken);
                    LogEmpty(logger, manifest.Key);
                    continue;
                }
                var cutShort = recovery.Manifest.State == RecordingManifestState.Recovered;
                await handOff.HandOverAsync(recovery.Manifest, cutShort, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // one broken recording must not keep the others from being recovered
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogFailed(logger, manifest.Key, e);
            }
        }
    }

    /// <summary>The manifests this node wrote, read once the store answers (retried: the store may come up after the node).</summary>
    private async Task<List<RecordingManifest>> FindOwnAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                var own = new List<RecordingManifest>();
                await foreach (var key in store.ListKeysAsync(ObjectBucket.Videos, "", stoppingToken))
                {
                    if (!key.EndsWith(RecordingManifest.Suffix, StringComparison.Ordinal))
                    {
                        continue;
                    }
                    var recordingKey = key[..^RecordingManifest.Suffix.Length];
                    if (!recordings.IsActive(recordingKey)
                        && await RecordingManifest.ReadAsync(store, ObjectBucket.Videos, recordingKey, stoppingToken) is { } manifest
                        && manifest.Node == recordings.NodeName && manifest.VideoId is not null)
                    {
                        own.Add(manifest);
                    }
                }
                if (own.Count > 0)
                {
                    LogFound(logger, own.Count);
                }
                return own;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogStoreDown(logger, StoreRetry.TotalSeconds, e.Message);
                await Task.Delay(StoreRetry, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} unfinished recordings of this node found; completing them")]
    private static partial void LogFound(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recording {Key} had no part stored; dropped")]
    private static partial void LogEmpty(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recording {Key} could not be recovered")]
    private static partial void LogFailed(ILogger logger, string key, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for unfinished recordings: the store is not reachable, again in {Seconds} s ({Reason})")]
    private static partial void LogStoreDown(ILogger logger, double seconds, string reason);
}
