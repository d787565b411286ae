using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MyVid.WebRtc.Dtls;
using MyVid.WebRtc.Peer;
using MyVid.WebRtc.Sdp;

namespace MyVid.LoadClient;

/// <summary>
/// A publisher without a browser (Appendix C): offers VP8 + Opus, takes the node's answer, connects (full ICE,
/// DTLS client) and loops a captured <see cref="Feed"/> with continuous sequence numbers and timestamps, a video
/// frame every 1/30 s and an Opus packet every 20 ms. A PLI or FIR makes it jump to the feed's next key frame, as
/// an encoder would answer one. <c>LIVE</c> gives the catalogue ID, which a benchmark catalogue makes the StreamID.
/// </summary>
internal sealed class Publisher : IDisposable
{
    private const uint VideoSsrc = 0x1111_1111;
    private const uint AudioSsrc = 0x2222_2222;
    private readonly List<FeedPacket> _feed;
    private readonly List<(int First, int Count, bool Key)> _frames = [];
    private readonly List<int> _audio = [];
    private readonly Socket _socket;
    private readonly PeerConnection _connection;
    private readonly byte[] _receive = new byte[2048];
    private readonly byte[] _send = new byte[2048];
    private volatile bool _connected;
    private volatile bool _stop;
    private Thread? _thread;
    private byte _videoPt = 96, _audioPt = 111;
    private IPEndPoint? _server;

    public Publisher(List<FeedPacket> feed, IPAddress localAddress)
    {
        _feed = feed;
        Feed.Index(feed, _frames, _audio);

        _socket = new Socket(localAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { Blocking = false, SendBufferSize = 1 << 20 };
        _socket.Bind(new IPEndPoint(localAddress, 0));
        var local = (IPEndPoint)_socket.LocalEndPoint!;
        _connection = PeerConnection.CreateClient(new PeerSettings(DtlsCertificate.Create(DateTimeOffset.UtcNow)), local);
        _connection.AddHostCandidate(local);
    }

    public long VideoPackets { get; private set; }

    public long AudioPackets { get; private set; }

    public long Bytes { get; private set; }

    public int KeyframeRequests { get; private set; }

    public int KeyframesSent { get; private set; }

    public string? Error { get; private set; }

    /// <summary>Publishes and waits for <c>LIVE</c>; then streams until <paramref name="cancellationToken"/> ends.</summary>
    public async Task<string?> RunAsync(Uri url, Action<string> live, TextWriter log, CancellationToken cancellationToken)
    {
        using var signal = await SignalSocket.ConnectAsync(url, cancellationToken);
        var video = new OfferedTrack(MediaKind.Video, new SendTrack(VideoSsrc, "myvid-load", new Msid("myvid-load", "video"))) { Mid = "0" };
        var vp8 = new RtpCodec(96, "VP8", 90000);
        foreach (var feedback in new[] { "goog-remb", "ccm fir", "nack", "nack pli" })
        {
            vp8.Feedback.Add(feedback);
        }

        video.Codecs.Add(vp8);
        var audio = new OfferedTrack(MediaKind.Audio, new SendTrack(AudioSsrc, "myvid-load", new Msid("myvid-load", "audio"))) { Mid = "1" };
        var opus = new RtpCodec(111, "opus", 48000, 2);
        opus.Parameters.Add(new FmtpParameter("minptime", "10"));
        opus.Parameters.Add(new FmtpParameter("useinbandfec", "1"));
        audio.Codecs.Add(opus);
        var offer = _connection.CreateOffer(SdpOrigin.Anonymous("4242", 1), [video, audio]);
        await signal.SendAsync(cancellationToken, ("type", "offer"), ("sdp", SdpWriter.Write(offer)));
        await signal.SendAsync(cancellationToken, ("candidate", "candidate:" + _connection.LocalTransport.Candidates[0]));
        string? streamId = null;
        while (true)
        {
            using var message = await signal.ReceiveAsync(cancellationToken);
            if (message is null)
            {
                Error ??= "the node closed the signalling socket";
                return null;
            }

            switch (SignalSocket.Text(message, "type"))
            {
                case "answer":
                    if (!SdpParser.TryParse(SignalSocket.Text(message, "sdp") ?? "", out var answer, out var error)
                        || !_connection.TryAcceptAnswer(answer, out error))
                    {
                        Error = "answer: " + error;
                        return null;
                    }

                    ReadPayloadTypes();
                    if (!TryConnectSocket())
                    {
                        Error = "the answer has no candidate we can reach";
                        return null;
                    }

                    Start();
                    var clock = Stopwatch.StartNew();
                    while (!_connected && clock.Elapsed < TimeSpan.FromSeconds(10))
                    {
                        await Task.Delay(20, cancellationToken);
                    }

                    await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"publisher connected in {clock.ElapsedMilliseconds} ms; LIVE"));
                    await signal.SendAsync(cancellationToken, ("type", "LIVE"), ("Title", "load client feed"), ("Description", "testsrc2 VP8 + Opus, looped"));
                    break;
                case "LIVE":
                    streamId = SignalSocket.Text(message, "ID");
                    live(streamId!);
                    try
                    {
                        // Keep the signalling socket open while streaming: closing it ends the stream. The node's
                        // "recording" notes are informational; anything else ends the run.
                        while (true)
                        {
                            using var next = await signal.ReceiveAsync(cancellationToken);
                            if (next is not null && SignalSocket.Text(next, "type") == "recording")
                            {
                                continue;
                            }
                            Error ??= next is null ? "the node closed the signalling socket" : "node: " + SignalSocket.Describe(next);
                            break;
                        }
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        await signal.CloseAsync();
                    }

                    return streamId;
                case "error":
                    Error = "node: " + SignalSocket.Text(message, "message");
                    await log.WriteLineAsync(Error);
                    if (!_connected)
                    {
                        return null;
                    }

                    break;
                case "ended":
                    Error = "node ended the stream";
                    return streamId;
            }
        }
    }

    public void Dispose()
    {
        _stop = true;
        _thread?.Join(TimeSpan.FromSeconds(5));
        _connection.Dispose();
        _socket.Dispose();
    }

    private void ReadPayloadTypes()
    {
        foreach (var media in _connection.Negotiation!.Media.Where(m => m.Accepted))
        {
            var codec = media.Codecs.FirstOrDefault(c => !c.Codec.IsRtx);
            if (codec is null)
            {
                continue;
            }

            if (media.Kind == MediaKind.Video)
            {
                _videoPt = codec.RemotePayloadType;
            }
            else
            {
                _audioPt = codec.RemotePayloadType;
            }
        }
    }

    /// <summary>The media node's UDP address, once the answer came (tells which node carries the stream).</summary>
    public IPEndPoint? Server => _server;

    private bool TryConnectSocket()
    {
        foreach (var line in _connection.Negotiation!.RemoteCandidates)
        {
            if (MyVid.WebRtc.Ice.IceCandidate.TryParse(line, out var candidate) && candidate!.TryGetEndPoint(out var endPoint)
                && endPoint!.AddressFamily == _socket.AddressFamily)
            {
                _server = endPoint;
                _socket.Connect(endPoint);
                return true;
            }
        }

        return false;
    }

    private void Start()
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = "load publisher" };
        _thread.Start();
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
