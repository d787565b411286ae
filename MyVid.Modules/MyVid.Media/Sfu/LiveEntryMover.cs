using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MyVid.Media.Catalog;
using MyVid.Media.Control;
using MyVid.Platform.Logging;

namespace MyVid.Media.Sfu;

/// <summary>
/// After the control link registers anew (its endpoint died or dropped it: a new id, perhaps another endpoint), points
/// every live entry of this node at the new ControlURL, so viewers who look the stream up again reach it. A move that
/// fails is tried again a few times while the attachment stays the same.
/// </summary>
internal sealed partial class LiveEntryMover(
    StreamDirectory directory, IMediaCatalog catalog, LinkState state, IHostApplicationLifetime lifetime, ILogger<LiveEntryMover> logger)
    : IHostedService
{
    private const int Attempts = 3;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        state.Registered += OnRegistered;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        state.Registered -= OnRegistered;
        return Task.CompletedTask;
    }

    private void OnRegistered(LinkState.Attachment attachment) => _ = MoveAllAsync(attachment);

    private async Task MoveAllAsync(LinkState.Attachment attachment)
    {
        await Task.Yield(); // off the link's thread: it goes on to serve the endpoint
        foreach (var stream in directory.All)
        {
            if (stream.VideoId is { } videoId && !stream.Ended)
            {
                // In the stream's trace: the endpoint logs the move under the same correlation id.
                using var activity = TraceContext.Start("MyVid.Media.Move", stream.Trace?.Id);
                using var scope = StreamLogScope.Begin(logger, stream);
                await MoveAsync(videoId, attachment);
            }
        }
    }

    private async Task MoveAsync(string videoId, LinkState.Attachment attachment)
    {
        var stopping = lifetime.ApplicationStopping;
        for (var attempt = 1; attempt <= Attempts && state.Current == attachment && !stopping.IsCancellationRequested; attempt++)
        {
            try
            {
                await catalog.MoveLiveAsync(videoId, stopping);
                LogMoved(logger, videoId, attachment.Endpoint.AbsoluteUri, attachment.NodeId);
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stopping.IsCancellationRequested)
            {
                LogMoveFailed(logger, videoId, attempt, e.Message);
                await Task.Delay(RetryDelay, TimeProvider.System, CancellationToken.None);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Live entry {VideoId} now points at {Endpoint} (node id {NodeId})")]
    private static partial void LogMoved(ILogger logger, string videoId, string endpoint, string nodeId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Moving live entry {VideoId} to this node's new endpoint failed (attempt {Attempt}): {Reason}")]
    private static partial void LogMoveFailed(ILogger logger, string videoId, int attempt, string reason);
}
