using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyVid.Media.Catalog;

namespace MyVid.Media.Sfu;

/// <summary>Reports each live stream's viewer count to the catalogue when it changed, at most every <c>ViewerReportSeconds</c>.</summary>
internal sealed partial class ViewerCountReporter(
    StreamDirectory directory, IMediaCatalog catalog, IOptions<MediaOptions> options, TimeProvider time, ILogger<ViewerCountReporter> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.ViewerReportSeconds), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var stream in directory.All)
            {
                var viewers = stream.Viewers;
                if (stream.VideoId is not { } videoId || stream.Ended || viewers == stream.ReportedViewers)
                {
                    continue;
                }

                try
                {
                    await catalog.ReportViewersAsync(videoId, viewers, stoppingToken);
                    stream.ReportedViewers = viewers;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogReportFailed(logger, videoId, e);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reporting the viewer count of {VideoId} failed")]
    private static partial void LogReportFailed(ILogger logger, string videoId, Exception exception);
}
