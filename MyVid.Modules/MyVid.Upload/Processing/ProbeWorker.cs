using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyVid.Catalog.Contracts;
using MyVid.Platform.Storage;

namespace MyVid.Upload.Processing;

/// <summary>
/// After publishing: ffprobe reads the video (through a signed URL, so S3 and the local store look alike and only
/// the bytes ffprobe asks for travel) for duration, size and codecs; when the uploader sent no preview, ffmpeg takes
/// a poster frame. A failure is logged and recorded on the video; it never unpublishes it.
/// </summary>
internal sealed partial class ProbeWorker(
    ProbeQueue queue,
    IServiceScopeFactory scopes,
    IObjectStore store,
    IOptions<UploadOptions> options,
    TimeProvider clock,
    ILogger<ProbeWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var id in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await ProbeAsync(id, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogFailed(id, e.Message);
            }
        }
    }

    internal async Task ProbeAsync(string id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<ICatalogWriter>();
        var video = await catalog.FindAsync(id, cancellationToken);
        if (video?.VideoObjectKey is not { } key)
        {
            return;
        }
        var probe = options.Value.Probe;
        var url = store.GetDownloadUrl(ObjectBucket.Videos, key, clock.GetUtcNow() + probe.Timeout * 3).AbsoluteUri;
        var result = await RunProbeAsync(url, probe, cancellationToken);
        if (result.Error is null && video.PreviewObjectKey is null)
        {
            var posterError = await TakePosterAsync(id, url, result.DurationSeconds, catalog, probe, cancellationToken);
            if (posterError is not null)
            {
                result = result with { Error = posterError };
            }
        }
        await catalog.RecordProbeAsync(id, result, cancellationToken);
        if (result.Error is null)
        {
            LogProbed(id, result.DurationSeconds ?? 0, result.Width ?? 0, result.Height ?? 0, result.VideoCodec ?? "?");
        }
        else
        {
            LogFailed(id, result.Error);
        }
    }

    private static async Task<VideoProbeResult> RunProbeAsync(string url, ProbeOptions probe, CancellationToken cancellationToken)
    {
        try
        {
            var run = await ToolRunner.RunAsync(probe.FfprobePath,
                ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", url], probe.Timeout, cancellationToken);
            if (run.ExitCode != 0)
            {
                return Failed($"ffprobe could not read the file: {FirstLine(run.Errors.Replace(url, "the video", StringComparison.Ordinal))}");
            }
            return FfprobeReport.Parse(run.Output);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return Failed($"ffprobe failed: {e.Message}");
        }
    }

    private async Task<string?> TakePosterAsync(string id, string url, double? duration, ICatalogWriter catalog, ProbeOptions probe,
        CancellationToken cancellationToken)
    {
        // One second in skips a black first frame, unless the video is shorter than that.
        var at = duration is > 2 ? 1.0 : 0.0;
        try
        {
            var run = await ToolRunner.RunAsync(probe.FfmpegPath,
                ["-v", "error", "-ss", at.ToString(CultureInfo.InvariantCulture), "-i", url, "-frames:v", "1", "-f", "image2", "-c:v", "mjpeg",
                    "-q:v", "3", "pipe:1"],
                probe.Timeout, cancellationToken);
            if (run.ExitCode != 0 || run.Output.Length == 0)
            {
                return $"ffmpeg could not take a poster frame: {FirstLine(run.Errors.Replace(url, "the video", StringComparison.Ordinal))}";
            }
            var posterKey = $"{id}_poster.jpg";
            await store.PutAsync(ObjectBucket.Previews, posterKey, new MemoryStream(run.Output), "image/jpeg", cancellationToken);
            await catalog.SetPreviewIfMissingAsync(id, posterKey, cancellationToken);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return $"ffmpeg failed: {e.Message}";
        }
    }

    private static VideoProbeResult Failed(string error) => new(null, null, null, null, null, error);

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return string.IsNullOrEmpty(line) ? "no message" : line;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Video {Id} probed: {Duration} s, {Width}x{Height}, {Codec}")]
    private partial void LogProbed(string id, double duration, int width, int height, string codec);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Video {Id}: probe failed: {Reason}")]
    private partial void LogFailed(string id, string reason);
}
