using System.Buffers.Binary;
using MyVid.Media.Recording.Rtp;

namespace MyVid.Recording.Tests.Recording.Support;

/// <summary>One RTP packet as a publisher would send it, with the time it reaches the server.</summary>
internal sealed record RtpSend(bool IsVideo, byte[] Packet, long ArrivalMs);

/// <summary>
/// A real VP8 (or H.264) + Opus stream: ffmpeg encodes a test pattern to IVF (and, with libx264, to Annex B) and a tone
/// to Ogg once per test run; the frames are packetized here as Chromium would (RFC 7741 with a 15-bit picture ID;
/// RFC 6184 mode 1 by <see cref="H264Packetizer"/>; one Opus packet per RTP packet).
/// </summary>
internal static class TestStreams
{
    public const int Seconds = 20;
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _folder;

    /// <summary>The folder holding video.ivf, video.h264 and audio.ogg, made on first use.</summary>
    public static async Task<string> EnsureAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_folder is not null)
            {
                return _folder;
            }
            var folder = Directory.CreateTempSubdirectory("myvid-recording-media-").FullName;
            var video = Path.Combine(folder, "video.ivf");
            var audio = Path.Combine(folder, "audio.ogg");
            var (code, _, error) = await Ffmpeg.RunFfmpegAsync("-nostdin", "-v", "error", "-f", "lavfi", "-i",
                $"testsrc2=size=640x360:rate=30", "-t", Seconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-c:v", "libvpx", "-b:v", "2500k", "-deadline", "realtime", "-cpu-used", "8", "-g", "30", "-auto-alt-ref", "0",
                "-lag-in-frames", "0", "-f", "ivf", video);
            Assert.That(code, Is.Zero, error);
            // Constrained baseline without B-frames, one slice a frame, an IDR a second: what WebRTC senders (OBS' WHIP too) send.
            (code, _, error) = await Ffmpeg.RunFfmpegAsync("-nostdin", "-v", "error", "-f", "lavfi", "-i",
                $"testsrc2=size=640x360:rate=30", "-t", Seconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-c:v", "libx264", "-profile:v", "baseline", "-preset", "veryfast", "-tune", "zerolatency", "-b:v", "2500k",
                "-g", "30", "-bf", "0", "-pix_fmt", "yuv420p", "-f", "h264", Path.Combine(folder, "video.h264"));
            Assert.That(code, Is.Zero, error);
            (code, _, error) = await Ffmpeg.RunFfmpegAsync("-nostdin", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-ac", "2", "-t", Seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c:a", "libopus", "-b:a", "64k",
                "-frame_duration", "20", "-f", "ogg", audio);
            Assert.That(code, Is.Zero, error);
            _folder = folder;
            return folder;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// Both tracks as RTP in arrival order, starting at <paramref name="startMs"/>. <paramref name="lossRate"/> drops
    /// packets at random and <paramref name="reorderRate"/> swaps neighbours, with a fixed seed. With
    /// <paramref name="retransmitMs"/>, a lost packet is sent again that much later (a NACK answered by RTX, which the SFU
    /// unwraps), and again once more if that copy is lost too, as Chromium does; what is lost three times is gone.
    /// </summary>
    public static async Task<List<RtpSend>> PacketsAsync(double lossRate = 0, double reorderRate = 0, int seed = 1, long startMs = 1_000_000,
        int retransmitMs = 0,
        ushort videoSequence = 65000, uint videoTimestamp = 0xFFFF0000, double seconds = Seconds, bool h264 = false)
    {
        var folder = await EnsureAsync();
        var packets = h264
            ? H264Packets(folder, startMs, videoSequence, videoTimestamp, seconds)
            : Vp8Packets(folder, startMs, videoSequence, videoTimestamp, seconds);
        AddAudio(packets, folder, startMs, seconds);
        return Network(packets, lossRate, reorderRate, seed, retransmitMs);
    }

    /// <summary>The H.264 access units of the test pattern (30 fps).</summary>
    public static async Task<List<H264AccessUnit>> H264AccessUnitsAsync() =>
        H264Packetizer.AccessUnits(await File.ReadAllBytesAsync(Path.Combine(await EnsureAsync(), "video.h264")));

    private static List<RtpSend> H264Packets(string folder, long startMs, ushort sequence, uint videoTimestamp, double seconds)
    {
        var packets = new List<RtpSend>();
        var units = H264Packetizer.AccessUnits(File.ReadAllBytes(Path.Combine(folder, "video.h264")));
        for (var f = 0; f < units.Count && f / 30.0 < seconds; f++)
        {
            var pts90k = f * 3000L;
            foreach (var packet in H264Packetizer.Packets(units[f], ref sequence, unchecked(videoTimestamp + (uint)pts90k)))
            {
                packets.Add(new RtpSend(true, packet, startMs + (pts90k / 90)));
            }
        }
        return packets;
    }

    private static List<RtpSend> Vp8Packets(string folder, long startMs, ushort sequence, uint videoTimestamp, double seconds)
    {
        var packets = new List<RtpSend>();
        var pictureId = 32700;
        foreach (var (pts90k, frame) in IvfFrames(File.ReadAllBytes(Path.Combine(folder, "video.ivf"))))
        {
            if (pts90k / 90_000.0 >= seconds)
            {
                break;
            }
            var timestamp = unchecked(videoTimestamp + (uint)pts90k);
            var arrival = startMs + (pts90k / 90);
            for (var offset = 0; offset < frame.Length; offset += 1100)
            {
                var chunk = frame.AsSpan(offset, Math.Min(1100, frame.Length - offset));
                var last = offset + chunk.Length >= frame.Length;
                var packet = new byte[12 + 4 + chunk.Length];
                SyntheticStream.WriteHeader(packet, payloadType: 96, last, sequence++, timestamp, ssrc: 0x11111111);
                packet[12] = (byte)(0x80 | (offset == 0 ? 0x10 : 0x00));
                packet[13] = 0x80;
                packet[14] = (byte)(0x80 | (pictureId >> 8));
                packet[15] = (byte)pictureId;
                chunk.CopyTo(packet.AsSpan(16));
                packets.Add(new RtpSend(true, packet, arrival));
            }
            pictureId = (pictureId + 1) & 0x7FFF;
        }
        return packets;
    }

    private static void AddAudio(List<RtpSend> packets, string folder, long startMs, double seconds)
    {
        ushort audioSequence = 100;
        long samples = 0;
        foreach (var opus in OggPackets(File.ReadAllBytes(Path.Combine(folder, "audio.ogg"))).Skip(2))
        {
            if (samples / 48_000.0 >= seconds)
            {
                break;
            }
            var packet = new byte[12 + opus.Length];
            SyntheticStream.WriteHeader(packet, payloadType: 111, marker: false, audioSequence++, unchecked((uint)(12345 + samples)), ssrc: 0x22222222);
            opus.CopyTo(packet.AsSpan(12));
            packets.Add(new RtpSend(false, packet, startMs + (samples / 48)));
            samples += OpusPackets.Samples(opus);
        }
    }

    /// <summary>Arrival order with reordering and loss (and retransmissions) applied, with a fixed seed.</summary>
    private static List<RtpSend> Network(List<RtpSend> packets, double lossRate, double reorderRate, int seed, int retransmitMs)
    {
        var ordered = packets.OrderBy(p => p.ArrivalMs).ToList();
        var random = new Random(seed);
        for (var i = 0; i + 1 < ordered.Count; i++)
        {
            if (random.NextDouble() < reorderRate && ordered[i].IsVideo == ordered[i + 1].IsVideo)
            {
                (ordered[i], ordered[i + 1]) = (ordered[i + 1] with { ArrivalMs = ordered[i].ArrivalMs }, ordered[i] with { ArrivalMs = ordered[i + 1].ArrivalMs });
                i++;
            }
        }
        var received = new List<RtpSend>();
        foreach (var send in ordered)
        {
            for (var attempt = 0; attempt < (retransmitMs > 0 ? 3 : 1); attempt++)
            {
                if (random.NextDouble() >= lossRate)
                {
                    received.Add(send with { ArrivalMs = send.ArrivalMs + (attempt * retransmitMs) });
                    break;
                }
            }
        }
        return received.OrderBy(p => p.ArrivalMs).ToList();
    }

    /// <summary>The frames of an IVF file with their times at 90 kHz.</summary>
    public static IEnumerable<(long Pts90k, byte[] Frame)> IvfFrames(byte[] ivf)
    {
        var rate = BinaryPrimitives.ReadUInt32LittleEndian(ivf.AsSpan(16));
        var scale = BinaryPrimitives.ReadUInt32LittleEndian(ivf.AsSpan(20));
        int offset = BinaryPrimitives.ReadUInt16LittleEndian(ivf.AsSpan(6));
        while (offset + 12 <= ivf.Length)
        {
            var size = (int)BinaryPrimitives.ReadUInt32LittleEndian(ivf.AsSpan(offset));
            var pts = (long)BinaryPrimitives.ReadUInt64LittleEndian(ivf.AsSpan(offset + 4));
            yield return (pts * 90_000 * scale / rate, ivf.AsSpan(offset + 12, size).ToArray());
            offset += 12 + size;
        }
    }

    /// <summary>The packets of an Ogg stream (one logical stream), joined across pages.</summary>
    public static IEnumerable<byte[]> OggPackets(byte[] ogg)
    {
        var offset = 0;
        var current = new List<byte>();
        while (offset + 27 <= ogg.Length)
        {
            var segments = ogg[offset + 26];
            var data = offset + 27 + segments;
            for (var i = 0; i < segments; i++)
            {
                var lace = ogg[offset + 27 + i];
                current.AddRange(ogg.AsSpan(data, lace).ToArray());
                data += lace;
                if (lace < 255)
                {
                    yield return current.ToArray();
                    current.Clear();
                }
            }
            offset = data;
        }
    }
}
