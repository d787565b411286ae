using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MyVid.WebRtc.Rtp;

namespace MyVid.LoadClient;

/// <summary>One captured RTP packet of the feed: video or audio, as ffmpeg packetized it.</summary>
internal sealed record FeedPacket(bool IsVideo, byte[] Data)
{
    public uint Timestamp => BinaryPrimitives.ReadUInt32BigEndian(Data.AsSpan(4));

    /// <summary>The first packet of a VP8 key frame (S=1, PID=0, P=0).</summary>
    public bool StartsKeyframe => IsVideo && RtpHeader.TryParse(Data, out var header)
        && Vp8PayloadDescriptor.TryParse(header.Payload, out var vp8) && vp8.IsKeyframe;
}

/// <summary>
/// A VP8 + Opus feed made once with ffmpeg and kept as a file of RTP packets (<c>MYVIDRTP1</c>, then per packet a
/// kind byte, 0 video / 1 audio, a big-endian 16-bit length and the packet), so a publisher can loop it without a
/// browser or an encoder running.
/// </summary>
internal static class Feed
{
    private static readonly byte[] Magic = "MYVIDRTP1"u8.ToArray();

    /// <summary>Runs ffmpeg (testsrc2 640x360@30 VP8 at <paramref name="videoKbps"/>, a sine as Opus) and captures its RTP.</summary>
    public static async Task<int> MakeAsync(string path, int seconds, int videoKbps, int keyframeInterval, TextWriter log)
    {
        using var video = Listen(out var videoPort);
        using var audio = Listen(out var audioPort);
        var arguments = string.Create(CultureInfo.InvariantCulture,
            $"-hide_banner -loglevel error -nostdin -re -f lavfi -i testsrc2=size=640x360:rate=30 -re -f lavfi -i sine=frequency=440:sample_rate=48000 -map 0:v -c:v libvpx -deadline realtime -cpu-used 8 -b:v {videoKbps}k -maxrate {videoKbps}k -bufsize {videoKbps}k -g {keyframeInterval} -keyint_min {keyframeInterval} -error-resilient 1 -payload_type 96 -ssrc 1111 -t {seconds} -f rtp rtp://127.0.0.1:{videoPort}?pkt_size=1180 -map 1:a -c:a libopus -b:a 48k -ac 2 -application lowdelay -frame_duration 20 -payload_type 111 -ssrc 2222 -t {seconds} -f rtp rtp://127.0.0.1:{audioPort}?pkt_size=1180");
        var packets = new List<FeedPacket>();
        using var stop = new CancellationTokenSource();
        var capture = Task.Run(() => Capture(video, audio, packets, stop.Token));
        using (var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg", arguments) { UseShellExecute = false, RedirectStandardOutput = true })!)
        {
            await ffmpeg.WaitForExitAsync();
            if (ffmpeg.ExitCode != 0)
            {
                await log.WriteLineAsync($"ffmpeg failed ({ffmpeg.ExitCode}): ffmpeg {arguments}");
                return 1;
            }
        }

        await Task.Delay(300);
        await stop.CancelAsync();
        await capture;
        await using (var file = File.Create(path))
        {
            await file.WriteAsync(Magic);
            var header = new byte[3];
            foreach (var packet in packets)
            {
                header[0] = packet.IsVideo ? (byte)0 : (byte)1;
                BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(1), (ushort)packet.Data.Length);
                await file.WriteAsync(header);
                await file.WriteAsync(packet.Data);
            }
        }

        var videoCount = packets.Count(p => p.IsVideo);
        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"wrote {path}: {videoCount} video packets ({packets.Count(p => p.StartsKeyframe)} key frames), {packets.Count - videoCount} audio packets, {packets.Sum(p => (long)p.Data.Length) * 8 / 1000 / Math.Max(1, seconds)} kbit/s"));
        return 0;
    }

    /// <summary>
    /// A feed without ffmpeg (tests): 30 frames/s of three VP8-shaped packets (S=1 descriptor, a key frame every
    /// 30 frames with its start code, filler payload: forwardable, not decodable) and a 20 ms Opus-sized packet.
    /// </summary>
    public static List<FeedPacket> Synthetic(int seconds)
    {
        var packets = new List<FeedPacket>();
        ushort videoSeq = 0, audioSeq = 0;
        for (var frame = 0; frame < seconds * 30; frame++)
        {
            for (var part = 0; part < 3; part++)
            {
                var data = new byte[RtpHeader.FixedLength + 850];
                Header(data, 96, videoSeq++, (uint)(frame * 3000), 1111, marker: part == 2);
                var payload = data.AsSpan(RtpHeader.FixedLength);
                payload[0] = part == 0 ? (byte)0x10 : (byte)0x00; // S on the frame's first packet
                if (part == 0)
                {
                    ReadOnlySpan<byte> header = frame % 30 == 0
                        ? [0x00, 0x00, 0x00, 0x9D, 0x01, 0x2A, 0x80, 0x02, 0x68, 0x01] // P=0, start code, 640x360
                        : [0x01, 0x00, 0x00];
                    header.CopyTo(payload[1..]);
                }

                packets.Add(new FeedPacket(true, data));
            }

            if (frame % 3 != 2)
            {
                var audio = new byte[RtpHeader.FixedLength + 120];
                Header(audio, 111, audioSeq, (uint)(audioSeq * 960), 2222, marker: false);
                audioSeq++;
                audio[RtpHeader.FixedLength] = 0xFC; // Opus TOC: CELT FB 20 ms
                packets.Add(new FeedPacket(false, audio));
            }
        }

        return packets;

        static void Header(byte[] data, byte payloadType, ushort sequence, uint timestamp, uint ssrc, bool marker)
        {
            data[0] = 0x80;
            data[1] = (byte)((marker ? 0x80 : 0) | payloadType);
            BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(2), sequence);
            BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(4), timestamp);
            BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(8), ssrc);
        }
    }

    /// <summary>
    /// Splits <paramref name="feed"/> into video frames (first packet, packet count, key frame) and audio packet
    /// indexes, the units a sender paces at 30 and 50 per second.
    /// </summary>
    public static void Index(List<FeedPacket> feed, List<(int First, int Count, bool Key)> frames, List<int> audio)
    {
        for (var i = 0; i < feed.Count; i++)
        {
            if (!feed[i].IsVideo)
            {
                audio.Add(i);
            }
            else if (frames.Count == 0 || feed[frames[^1].First].Timestamp != feed[i].Timestamp)
            {
                frames.Add((i, 1, feed[i].StartsKeyframe));
            }
            else
            {
                frames[^1] = (frames[^1].First, frames[^1].Count + 1, frames[^1].Key);
            }
        }

        if (!frames.Any(f => f.Key) || audio.Count == 0)
        {
            throw new InvalidDataException("the feed needs VP8 key frames and Opus packets");
        }
    }

    public static List<FeedPacket> Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (!bytes.AsSpan().StartsWith(Magic))
        {
            throw new InvalidDataException($"{path} is not a MyVid RTP feed");
        }

        var packets = new List<FeedPacket>();
        for (var offset = Magic.Length; offset + 3 <= bytes.Length;)
        {
            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(offset + 1));
            packets.Add(new FeedPacket(bytes[offset] == 0, bytes.AsSpan(offset + 3, length).ToArray()));
            offset += 3 + length;
        }

        return packets;
    }

    private static Socket Listen(out int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 8 << 20 };
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        return socket;
    }

    private static void Capture(Socket video, Socket audio, List<FeedPacket> packets, CancellationToken stop)
    {
        var buffer = new byte[2048];
        var read = new List<Socket>(2);
        while (!stop.IsCancellationRequested)
        {
            read.Clear();
            read.Add(video);
            read.Add(audio);
            Socket.Select(read, null, null, 100_000);
            foreach (var socket in read)
            {
                var length = socket.Receive(buffer);
                if (length >= RtpHeader.FixedLength && (buffer[1] & 0x7F) is 96 or 111)
                {
                    packets.Add(new FeedPacket(socket == video, buffer.AsSpan(0, length).ToArray()));
                }
            }
        }
    }
}
