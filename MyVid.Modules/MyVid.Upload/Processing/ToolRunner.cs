using System.Diagnostics;

namespace MyVid.Upload.Processing;

/// <summary>Runs ffprobe or ffmpeg with an argument list (no shell), a time limit and bounded output.</summary>
internal static class ToolRunner
{
    public const int MaxOutputBytes = 16 * 1024 * 1024;

    public static async Task<ToolResult> RunAsync(string tool, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        process.StandardInput.Close();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var output = new MemoryStream();
        var copy = CopyBoundedAsync(process.StandardOutput.BaseStream, output, limit.Token);
        var errors = process.StandardError.ReadToEndAsync(limit.Token);
        try
        {
            await process.WaitForExitAsync(limit.Token);
            await copy;
            var stderr = await errors;
            return new ToolResult(process.ExitCode, output.ToArray(), stderr.Length > 2000 ? stderr[..2000] : stderr);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(tool)} did not finish within {timeout}.");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task CopyBoundedAsync(Stream source, MemoryStream destination, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (destination.Length + read > MaxOutputBytes)
            {
                throw new InvalidDataException($"The tool wrote more than {MaxOutputBytes} bytes.");
            }
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }
}

internal sealed record ToolResult(int ExitCode, byte[] Output, string Errors);
