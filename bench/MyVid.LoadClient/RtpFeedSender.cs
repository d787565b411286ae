using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MyVid.LoadClient;

/// <summary>
/// The feed as plain RTP to two UDP ports, paced as the publisher paces it (30 video frames and 50 Opus packets a
/// second, looped with running sequence numbers and timestamps): what Janus's streaming plugin takes on an RTP
/// mountpoint, so Janus and the media node forward the same stream in a side-by-side run.
/// </summary>
internal sealed class RtpFeedSender(List<FeedPacket> feed, IPEndPoint video, byte videoPayloadType, IPEndPoint audio, byte audioPayloadType)
{
    private readonly byte[] _send = new byte[2048];

    public long Packets { get; private set; }

    public void Run(CancellationToken cancellationToken)
    {
        var frames = new List<(int First, int Count, bool Key)>();
        var audioPackets = new List<int>();
        Feed.Index(feed, frames, audioPackets);
        using var socket = new Socket(video.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        var frequency = Stopwatch.Frequency;
        long nextFrame = Stopwatch.GetTimestamp(), nextAudio = nextFrame;
        int frame = 0, audioIndex = 0;
        ushort videoSeq = 1000, audioSeq = 3000;
        uint videoTs = 90000, audioTs = 48000;
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = Stopwatch.GetTimestamp();
            while (now >= nextFrame)
            {
                var (first, count, _) = frames[frame];
                for (var i = 0; i < count; i++)
                {
                    Send(socket, feed[first + i].Data, video, videoPayloadType, 0x1111_1111, videoSeq++, videoTs);
                }

                videoTs += 3000;
                frame = (frame + 1) % frames.Count;
                nextFrame += frequency / 30;
            }

            while (now >= nextAudio)
            {
                Send(socket, feed[audioPackets[audioIndex]].Data, audio, audioPayloadType, 0x2222_2222, audioSeq++, audioTs);
                audioTs += 960;
                audioIndex = (audioIndex + 1) % audioPackets.Count;
                nextAudio += frequency / 50;
            }

            var wait = (Math.Min(nextFrame, nextAudio) - Stopwatch.GetTimestamp()) * 1000 / frequency;
            if (wait > 0)
            {
                Thread.Sleep((int)wait);
            }
        }
    }

    private void Send(Socket socket, byte[] packet, IPEndPoint to, byte payloadType, uint ssrc, ushort sequence, uint timestamp)
    {
        packet.CopyTo(_send, 0);
        var span = _send.AsSpan(0, packet.Length);
        span[1] = (byte)((span[1] & 0x80) | payloadType);
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], sequence);
        BinaryPrimitives.WriteUInt32BigEndian(span[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(span[8..], ssrc);
        socket.SendTo(span, SocketFlags.None, to);
        Packets++;
    }
}
