using System.Diagnostics;
using System.Text.Json;
using MyVid.Testing;

namespace MyVid.Recording.Tests.Recording.Support;

/// <summary>Runs ffmpeg and ffprobe (from <see cref="RealParts.Ffmpeg"/>) and reads what they say.</summary>
internal static class Ffmpeg
{
    public static string FfmpegPath => RealParts.Ffmpeg;

    public static string FfprobePath => Path.Combine(Path.GetDirectoryName(FfmpegPath)!, "ffprobe");

    public static Task<(int ExitCode, string Output, string Error)> RunFfmpegAsync(params string[] arguments) => RunAsync(FfmpegPath, arguments);

    /// <summary>What ffmpeg says while decoding the whole file at -v error: nothing for a clean file.</summary>
    public static async Task<string> DecodeErrorsAsync(string file)
    {
        var (code, output, error) = await RunFfmpegAsync("-nostdin", "-v", "error", "-i", file, "-f", "null", "-");
        return code == 0 ? output + error : $"exit {code}: {output}{error}";
    }

    public static async Task<Probe> ProbeAsync(string file)
    {
        var (code, output, error) = await RunAsync(FfprobePath, ["-v", "error", "-show_entries",
            "format=duration,format_name:stream=codec_name,codec_type,width,height,channels", "-of", "json", file]);
        Assert.That(code, Is.Zero, error);
        using var json = JsonDocument.Parse(output);
        var format = json.RootElement.GetProperty("format");
        var durationText = format.TryGetProperty("duration", out var d) ? d.GetString() : null;
        var streams = json.RootElement.GetProperty("streams").EnumerateArray()
            .Select(s => new ProbeStream(
                s.GetProperty("codec_type").GetString()!,
                s.GetProperty("codec_name").GetString()!,
                s.TryGetProperty("width", out var w) ? w.GetInt32() : 0,
                s.TryGetProperty("height", out var h) ? h.GetInt32() : 0))
            .ToList();
        double? duration = durationText is null ? null : double.Parse(durationText, System.Globalization.CultureInfo.InvariantCulture);
        return new Probe(format.GetProperty("format_name").GetString()!, duration, streams, error);
    }

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}

internal sealed record ProbeStream(string Type, string Codec, int Width, int Height);

internal sealed record Probe(string Format, double? Duration, IReadOnlyList<ProbeStream> Streams, string Errors);
