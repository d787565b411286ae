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
/// DTLS client) and streams a captured <see cref="Feed"/> (<see cref="FeedSender"/>). <c>LIVE</c> gives the
/// catalogue ID, which a benchmark catalogue makes the StreamID.
/// </summary>
internal sealed class Publisher : IDisposable
{
    private readonly Socket _socket;
    private readonly PeerConnection _connection;
    private readonly FeedSender _sender;
    private byte _videoPt = 96, _audioPt = 111;
    private IPEndPoint? _server;
    private string? _error;

    public Publisher(List<FeedPacket> feed, IPAddress localAddress)
    {
        _socket = new Socket(localAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { Blocking = false, SendBufferSize = 1 << 20 };
        _socket.Bind(new IPEndPoint(localAddress, 0));
        var local = (IPEndPoint)_socket.LocalEndPoint!;
        _connection = PeerConnection.CreateClient(new PeerSettings(DtlsCertificate.Create(DateTimeOffset.UtcNow)), local);
        _connection.AddHostCandidate(local);
        _sender = new FeedSender(feed, _socket, _connection);
    }

    public long VideoPackets => _sender.VideoPackets;

    public long AudioPackets => _sender.AudioPackets;

    public long Bytes => _sender.Bytes;

    public int KeyframeRequests => _sender.KeyframeRequests;

    public int KeyframesSent => _sender.KeyframesSent;

    public string? Error
    {
        get => _error ?? _sender.Error;
        private set => _error = value;
    }

    /// <summary>Publishes and waits for <c>LIVE</c>; then streams until <paramref name="cancellationToken"/> ends.</summary>
    public async Task<string?> RunAsync(Uri url, Action<string> live, TextWriter log, CancellationToken cancellationToken)
    {
        using var signal = await SignalSocket.ConnectAsync(url, cancellationToken);
        var video = new OfferedTrack(MediaKind.Video, new SendTrack(FeedSender.VideoSsrc, "myvid-load", new Msid("myvid-load", "video"))) { Mid = "0" };
        var vp8 = new RtpCodec(96, "VP8", 90000);
        foreach (var feedback in new[] { "goog-remb", "ccm fir", "nack", "nack pli" })
        {
            vp8.Feedback.Add(feedback);
        }

        video.Codecs.Add(vp8);
        var audio = new OfferedTrack(MediaKind.Audio, new SendTrack(FeedSender.AudioSsrc, "myvid-load", new Msid("myvid-load", "audio"))) { Mid = "1" };
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

                    _sender.Start(_server!, _videoPt, _audioPt);
                    var clock = Stopwatch.StartNew();
                    while (!_sender.Connected && clock.Elapsed < TimeSpan.FromSeconds(10))
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
                    if (!_sender.Connected)
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
        _sender.Dispose();
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
}
