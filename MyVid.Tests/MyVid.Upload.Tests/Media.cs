using System.Diagnostics;

namespace MyVid.Upload.Tests;

/// <summary>Files to upload: bytes that pass the magic checks, and a real short mp4 made with ffmpeg.</summary>
internal static class Media
{
    public static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 2, 3];

    /// <summary>An ftyp box then noise: enough for the magic check, not for ffprobe.</summary>
    public static byte[] FakeMp4(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        byte[] header = [0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m'];
        header.CopyTo(bytes, 0);
        return bytes;
    }

    private static readonly Lazy<Task<byte[]>> RealMp4Task = new(MakeRealMp4Async);

    /// <summary>3 s of testsrc at 320x240, H.264 (or MPEG-4 part 2 without libx264), moov first.</summary>
    public static Task<byte[]> RealMp4Async() => RealMp4Task.Value;

    private static async Task<byte[]> MakeRealMp4Async()
    {
        var file = Path.Combine(Path.GetTempPath(), $"myvid-test-{Guid.NewGuid():N}.mp4");
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=duration=3:size=320x240:rate=25", "-pix_fmt", "yuv420p",
                     "-movflags", "+faststart", file })
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, "ffmpeg: " + errors);
        var bytes = await File.ReadAllBytesAsync(file);
        File.Delete(file);
        return bytes;
    }
}
