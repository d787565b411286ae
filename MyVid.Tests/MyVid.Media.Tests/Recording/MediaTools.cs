using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MyVid.Testing;

namespace MyVid.Media.Tests.Recording;

/// <summary>ffprobe and ffmpeg on a recording: its codecs, how long it plays, and whether it decodes cleanly.</summary>
internal static class MediaTools
{
    /// <summary>The codec names of the file's streams and the time of its last video packet (s).</summary>
    public static async Task<(string[] Codecs, double LastVideoSeconds, double? Duration)> ProbeAsync(string file)
    {
        var ffprobe = Path.Combine(Path.GetDirectoryName(RealParts.Ffmpeg)!, "ffprobe");
        var (exit, output, errors) = await RunAsync(ffprobe, "-v", "error", "-show_entries", "stream=codec_name:format=duration", "-of", "json", file);
        Assert.That(exit, Is.Zero, errors);
        using var json = JsonDocument.Parse(output);
        var codecs = json.RootElement.GetProperty("streams").EnumerateArray().Select(s => s.GetProperty("codec_name").GetString()!).ToArray();
        double? duration = json.RootElement.GetProperty("format").TryGetProperty("duration", out var d)
            && double.TryParse(d.GetString(), CultureInfo.InvariantCulture, out var seconds) ? seconds : null;
        var (_, packets, _) = await RunAsync(ffprobe, "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time", "-of", "csv=p=0", file);
        var last = packets.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => double.TryParse(p.TrimEnd(','), CultureInfo.InvariantCulture, out var t) ? t : 0).DefaultIfEmpty(0).Max();
        return (codecs, last, duration);
    }

    /// <summary>What <c>ffmpeg -v error -i file -f null -</c> prints: nothing for a file that decodes without an error.</summary>
    public static async Task<string> DecodeErrorsAsync(string file)
    {
        var (exit, output, errors) = await RunAsync(RealParts.Ffmpeg, "-nostdin", "-v", "error", "-i", file, "-f", "null", "-");
        return exit == 0 ? output + errors : $"exit {exit}: {output}{errors}";
    }

    private static async Task<(int Exit, string Output, string Errors)> RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await output, await errors);
    }
}
