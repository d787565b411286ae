using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MyVid.WebRtc.Peer;

namespace MyVid.LoadClient;

/// <summary>
/// The publisher's media thread: once DTLS is up, loops a captured <see cref="Feed"/> with continuous sequence
/// numbers and timestamps, a video frame every 1/30 s and an Opus packet every 20 ms, and answers a PLI or FIR by
/// jumping to the feed's next key frame, as an encoder would.
/// </summary>
internal sealed class FeedSender : IDisposable
{
    public const uint VideoSsrc = 0x1111_1111;
    public const uint AudioSsrc = 0x2222_2222;
    private readonly List<FeedPacket> _feed;
    private readonly Socket _socket;
    private readonly PeerConnection _connection;
    private readonly List<(int First, int Count, bool Key)> _frames = [];
    private readonly List<int> _audio = [];
    private readonly byte[] _receive = new byte[2048];
    private readonly byte[] _send = new byte[2048];
    private volatile bool _connected;
    private volatile bool _stop;
    private Thread? _thread;
    private byte _videoPt, _audioPt;
    private IPEndPoint? _server;

    public FeedSender(List<FeedPacket> feed, Socket socket, PeerConnection connection)
    {
        (_feed, _socket, _connection) = (feed, socket, connection);
        Feed.Index(feed, _frames, _audio);
    }

    public bool Connected => _connected;

    public long VideoPackets { get; private set; }

    public long AudioPackets { get; private set; }

    public long Bytes { get; private set; }

    public int KeyframeRequests { get; private set; }

    public int KeyframesSent { get; private set; }

    /// <summary>Why the connection closed, if it did.</summary>
    public string? Error { get; private set; }

    /// <summary>Starts the sending thread towards <paramref name="server"/> with the answer's payload types.</summary>
    public void Start(IPEndPoint server, byte videoPayloadType, byte audioPayloadType)
    {
        (_server, _videoPt, _audioPt) = (server, videoPayloadType, audioPayloadType);
        _thread = new Thread(Loop) { IsBackground = true, Name = "load publisher" };
        _thread.Start();
    }

    public void Dispose()
    {
        _stop = true;
        _thread?.Join(TimeSpan.FromSeconds(5));
    }

    private void Loop()
    {
        var frequency = Stopwatch.Frequency;
        var frameTicks = frequency / 30;
        var audioTicks = frequency / 50;
        long nextFrame = 0, nextAudio = 0;
        int frame = 0, audioIndex = 0;
        ushort videoSeq = 1000, audioSeq = 3000;
        uint videoTs = 90000, audioTs = 48000;
        var keyframeWanted = false;
        while (!_stop)
        {
            var now = Stopwatch.GetTimestamp();
            if (_connected)
            {
                if (nextFrame == 0)
                {
                    nextFrame = nextAudio = now;
                    keyframeWanted = true; // start decodable
                }

                while (now >= nextFrame)
                {
                    if (keyframeWanted)
                    {
                        frame = NextKeyframe(frame);
                        keyframeWanted = false;
                    }

                    var (first, count, key) = _frames[frame];
                    KeyframesSent += key ? 1 : 0;
                    for (var i = 0; i < count; i++)
                    {
                        Send(_feed[first + i].Data, _videoPt, VideoSsrc, videoSeq++, videoTs);
                        VideoPackets++;
                    }

                    videoTs += 3000;
                    frame = (frame + 1) % _frames.Count;
                    nextFrame += frameTicks;
                }

                while (now >= nextAudio)
                {
                    Send(_feed[_audio[audioIndex]].Data, _audioPt, AudioSsrc, audioSeq++, audioTs);
                    AudioPackets++;
                    audioTs += 960;
                    audioIndex = (audioIndex + 1) % _audio.Count;
                    nextAudio += audioTicks;
                }
            }

            var wakeAt = _connected ? Math.Min(nextFrame, nextAudio) : now + frequency / 200;
            var waitMicros = (int)Math.Clamp((wakeAt - Stopwatch.GetTimestamp()) * 1_000_000 / frequency, 0, 5_000);
            if (_socket.Poll(waitMicros, SelectMode.SelectRead))
            {
                for (var i = 0; i < 16; i++)
                {
                    var length = _socket.Receive(_receive, 0, _receive.Length, SocketFlags.None, out var socketError);
                    if (socketError != SocketError.Success || length <= 0)
                    {
                        break;
                    }

                    var received = _connection.HandleDatagram(_receive.AsSpan(0, length), _server!, DateTimeOffset.UtcNow);
                    if (received.Kind == PeerPacketKind.Rtcp && WantsKeyframe(received.Packet))
                    {
                        KeyframeRequests++;
                        keyframeWanted = true;
                    }
                }
            }

            var time = DateTimeOffset.UtcNow;
            if (_connection.PollTimeout() is { } due && due <= time)
            {
                _connection.HandleTimeout(time);
            }

            Drain();
        }

        _connection.Close();
        Drain();
    }

    private int NextKeyframe(int from)
    {
        for (var i = 0; i < _frames.Count; i++)
        {
            var candidate = (from + i) % _frames.Count;
            if (_frames[candidate].Key)
            {
                return candidate;
            }
        }

        return from;
    }

    private void Send(byte[] packet, byte payloadType, uint ssrc, ushort sequence, uint timestamp)
    {
        packet.CopyTo(_send, 0);
        var span = _send.AsSpan();
        span[1] = (byte)((span[1] & 0x80) | payloadType);
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], sequence);
        BinaryPrimitives.WriteUInt32BigEndian(span[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(span[8..], ssrc);
        if (_connection.TrySendRtp(span, packet.Length, out var transmit))
        {
            _socket.Send(transmit.Datagram, SocketFlags.None, out _);
            Bytes += transmit.Datagram.Length;
        }
    }

    private void Drain()
    {
        while (_connection.TryPollTransmit(out var transmit))
        {
            _socket.Send(transmit.Datagram, SocketFlags.None, out _); // an error: the node went away
        }

        while (_connection.TryPollEvent(out var peerEvent))
        {
            if (peerEvent.Kind == PeerEventKind.DtlsConnected)
            {
                _connected = true;
            }
            else if (peerEvent.Kind == PeerEventKind.Closed)
            {
                Error ??= "media: " + peerEvent.Reason;
                _stop = true;
            }
        }
    }

    /// <summary>A PLI (206/1) or FIR (206/4) anywhere in a compound RTCP packet.</summary>
    private static bool WantsKeyframe(ReadOnlySpan<byte> rtcp)
    {
        while (rtcp.Length >= 4)
        {
            var length = (BinaryPrimitives.ReadUInt16BigEndian(rtcp[2..]) + 1) * 4;
            if (rtcp[1] == 206 && (rtcp[0] & 0x1F) is 1 or 4)
            {
                return true;
            }

            if (length > rtcp.Length)
            {
                break;
            }

            rtcp = rtcp[length..];
        }

        return false;
    }

}
