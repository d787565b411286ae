using System.Diagnostics;
using MyVid.Testing;

namespace MyVid.Web.Tests;

/// <summary>A small real video and its preview, made with ffmpeg's test pattern: something a browser can really play.</summary>
internal static class TestMedia
{
    public const double Seconds = 8;

    /// <summary>VP8 WebM, 320×240 at 25 fps, a key frame every second so a seek lands anywhere; and a JPEG of its first second.</summary>
    public static async Task<(string Video, string Preview)> MakeAsync(string folder)
    {
        var video = Path.Combine(folder, "pattern.webm");
        var preview = Path.Combine(folder, "pattern.jpg");
        var seconds = Seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await RunAsync($"-f lavfi -i testsrc=size=320x240:rate=25:duration={seconds} -c:v libvpx -b:v 300k -g 25 -an {video}");
        await RunAsync($"-f lavfi -i testsrc=size=640x360:rate=1:duration=1 -frames:v 1 {preview}");
        return (video, preview);
    }

    /// <summary>A short VP8 WebM of the test pattern, as small or as large (noise, a fixed bitrate) as asked; its path.</summary>
    public static async Task<string> MakeClipAsync(string folder, string name, double seconds, int? megabitsPerSecond = null)
    {
        var path = Path.Combine(folder, name);
        var duration = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var rate = megabitsPerSecond is { } m
            ? $"-vf noise=alls=60:allf=t -b:v {m}M -minrate {m}M -maxrate {m}M -bufsize 2M"
            : "-b:v 300k";
        var size = megabitsPerSecond is null ? "320x240" : "640x360";
        await RunAsync($"-f lavfi -i testsrc2=size={size}:rate=25:duration={duration} {rate} -c:v libvpx -g 25 -an {path}");
        return path;
    }

    private static async Task RunAsync(string arguments)
    {
        const string ffmpeg = "/usr/bin/ffmpeg";
        if (!File.Exists(ffmpeg))
        {
            const string message = "ffmpeg is not available: /usr/bin/ffmpeg does not exist. Install it with: apt-get install -y ffmpeg";
            if (RealParts.Required)
            {
                Assert.Fail(message);
            }
            Assert.Ignore(message);
        }
        using var process = Process.Start(new ProcessStartInfo(ffmpeg, "-hide_banner -loglevel error -y " + arguments)
        {
            RedirectStandardError = true,
        })!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, $"ffmpeg {arguments} failed: {errors}");
    }
}
