using System.Buffers;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using MyVid.Platform.Storage;

namespace MyVid.Media.Recording;

/// <summary>
/// A recording's preview image: the file's start (its first block is a keyframe) is piped into ffmpeg, which decodes
/// that one frame into a JPEG. Only the prefix is read, so it costs the same whatever the recording's length.
/// </summary>
internal sealed class RecordingPreview(IOptions<RecordingOptions> options)
{
    private const int PrefixBytes = 4 * 1024 * 1024;
    private const int MaxJpegBytes = 8 * 1024 * 1024;

    /// <summary>The JPEG, or null with ffmpeg's reason.</summary>
    public async Task<(byte[]? Jpeg, string? Error)> TakeAsync(IObjectStore store, ObjectBucket bucket, string key, CancellationToken cancellationToken)
    {
        var prefix = ArrayPool<byte>.Shared.Rent(PrefixBytes);
        try
        {
            var length = await store.ReadPrefixAsync(bucket, key, prefix.AsMemory(0, PrefixBytes), cancellationToken);
            return await RunAsync(prefix.AsMemory(0, length), cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(prefix);
        }
    }

    private async Task<(byte[]? Jpeg, string? Error)> RunAsync(ReadOnlyMemory<byte> webm, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(options.Value.FfmpegPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-v", "error", "-f", "webm", "-i", "pipe:0", "-frames:v", "1", "-f", "image2", "-c:v", "mjpeg", "-q:v", "3", "pipe:1"])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start.");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(options.Value.PreviewTimeout);
        try
        {
            var feed = FeedAsync(process.StandardInput.BaseStream, webm, limit.Token);
            var errors = process.StandardError.ReadToEndAsync(limit.Token);
            using var jpeg = new MemoryStream();
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await process.StandardOutput.BaseStream.ReadAsync(buffer, limit.Token)) > 0)
            {
                if (jpeg.Length + read > MaxJpegBytes)
                {
                    return (null, "ffmpeg wrote more than a preview");
                }
                jpeg.Write(buffer, 0, read);
            }
            await process.WaitForExitAsync(limit.Token);
            await feed;
            var stderr = await errors;
            return process.ExitCode == 0 && jpeg.Length > 0 ? (jpeg.ToArray(), null)
                : (null, $"ffmpeg exited with {process.ExitCode}: {stderr.Split('\n')[0]}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"ffmpeg took longer than {options.Value.PreviewTimeout}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task FeedAsync(Stream input, ReadOnlyMemory<byte> webm, CancellationToken cancellationToken)
    {
        try
        {
            await input.WriteAsync(webm, cancellationToken);
            await input.FlushAsync(cancellationToken);
        }
        catch (IOException)
        {
            // ffmpeg stops reading once it has its frame: a closed pipe is the normal end.
        }
        finally
        {
            try
            {
                input.Close();
            }
            catch (IOException)
            {
                // Same: the pipe is gone already.
            }
        }
    }
}
