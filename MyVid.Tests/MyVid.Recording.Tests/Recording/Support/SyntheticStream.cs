using System.Buffers.Binary;
using MyVid.Media.Recording;

namespace MyVid.Recording.Tests.Recording.Support;

/// <summary>
/// A synthetic VP8 + Opus RTP stream of any length, made on the fly (the recorder does not decode): 30 fps video frames of
/// random bytes with a keyframe header every 2 s, split into 1100-byte packets, and 20 ms Opus packets.
/// </summary>
internal static class SyntheticStream
{
    public static async Task FeedAsync(Recorder recorder, TimeSpan length, int videoBitsPerSecond, Func<int, Task>? everySecond = null)
    {
        var random = new Random(5);
        var frameBytes = videoBitsPerSecond / 8 / 30;
        var frame = new byte[frameBytes];
        var packet = new byte[12 + 4 + 1100];
        ushort videoSequence = 0, audioSequence = 0;
        const long start = 5_000_000;
        var frames = (int)(length.TotalSeconds * 30);
        for (var f = 0; f < frames; f++)
        {
            var ms = start + (f * 1000L / 30);
            random.NextBytes(frame);
            var key = f % 60 == 0;
            frame[0] = (byte)(key ? 0x10 : 0x11);
            if (key)
            {
                frame[3] = 0x9d;
                frame[4] = 0x01;
                frame[5] = 0x2a;
                frame[6] = 0x80;
                frame[7] = 0x02;
                frame[8] = 0x68;
                frame[9] = 0x01;
            }
            for (var offset = 0; offset < frame.Length; offset += 1100)
            {
                var chunk = frame.AsSpan(offset, Math.Min(1100, frame.Length - offset));
                SyntheticStream.WriteHeader(packet, 96, offset + chunk.Length >= frame.Length, videoSequence++, (uint)(f * 3000), 1);
                packet[12] = (byte)(0x80 | (offset == 0 ? 0x10 : 0));
                packet[13] = 0x80;
                packet[14] = (byte)(0x80 | ((f >> 8) & 0x7F));
                packet[15] = (byte)f;
                chunk.CopyTo(packet.AsSpan(16));
                await PushAsync(recorder, RecordingTrack.Video, packet.AsSpan(0, 16 + chunk.Length).ToArray(), ms);
            }
            while (audioSequence * 20L < (f + 1) * 1000L / 30)
            {
                var audio = new byte[12 + 80];
                SyntheticStream.WriteHeader(audio, 111, false, audioSequence, (uint)(audioSequence * 960), 2);
                audio[12] = 0xFC;
                await PushAsync(recorder, RecordingTrack.Audio, audio, start + (audioSequence * 20L));
                audioSequence++;
            }
            if (f % 30 == 29 && everySecond is not null)
            {
                await everySecond(f / 30);
            }
        }
    }

    public static void WriteHeader(Span<byte> packet, byte payloadType, bool marker, ushort sequence, uint timestamp, uint ssrc)
    {
        packet[0] = 0x80;
        packet[1] = (byte)(payloadType | (marker ? 0x80 : 0));
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet[8..], ssrc);
    }

    private static async Task PushAsync(Recorder recorder, RecordingTrack track, byte[] packet, long ms)
    {
        while (recorder.QueuedPackets > 1000)
        {
            await Task.Delay(1);
        }
        recorder.OnRtp(track, packet, DateTimeOffset.FromUnixTimeMilliseconds(ms));
    }
}
