using System.Globalization;
using System.Text.Json;
using MyVid.Catalog.Contracts;

namespace MyVid.Upload.Processing;

/// <summary>Reads <c>ffprobe -print_format json -show_format -show_streams</c>: duration, first video stream's size and codec, first audio codec.</summary>
internal static class FfprobeReport
{
    public static VideoProbeResult Parse(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        var root = document.RootElement;
        double? duration = null;
        if (root.TryGetProperty("format", out var format) && format.TryGetProperty("duration", out var d)
            && double.TryParse(d.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            duration = seconds;
        }
        JsonElement? video = null;
        JsonElement? audio = null;
        if (root.TryGetProperty("streams", out var streams))
        {
            foreach (var stream in streams.EnumerateArray())
            {
                var type = stream.TryGetProperty("codec_type", out var t) ? t.GetString() : null;
                if (type == "video" && video is null)
                {
                    video = stream;
                }
                else if (type == "audio" && audio is null)
                {
                    audio = stream;
                }
            }
        }
        if (video is null)
        {
            return new VideoProbeResult(duration, null, null, null, Codec(audio), "ffprobe found no video stream in the file.");
        }
        return new VideoProbeResult(duration, Int(video.Value, "width"), Int(video.Value, "height"), Codec(video), Codec(audio), null);
    }

    private static string? Codec(JsonElement? stream) =>
        stream is { } s && s.TryGetProperty("codec_name", out var c) ? c.GetString() : null;

    private static int? Int(JsonElement stream, string name) =>
        stream.TryGetProperty(name, out var v) && v.TryGetInt32(out var i) ? i : null;
}
