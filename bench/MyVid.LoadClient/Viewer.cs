using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MyVid.WebRtc.Peer;
using MyVid.WebRtc.Rtp;
using MyVid.WebRtc.Sdp;

namespace MyVid.LoadClient;

/// <summary>
/// One load-client viewer: its own UDP socket (connected to the node's candidate, so the node tells viewers apart
/// by our address), its <see cref="PeerConnection"/> (full ICE, controlling, DTLS client) and what it counted.
/// Touched only by its <see cref="ViewerShard"/>'s thread once handed over; the signalling task writes the
/// timestamps before that.
/// </summary>
internal sealed class Viewer : IDisposable
{
    private const int MaxStash = 128;
    private readonly List<(byte[] Data, long Ticks)> _stash = [];
    private readonly Dictionary<byte, (int ClockRate, bool IsVideo, bool IsRtx)> _payloadTypes = [];
    private long _sampleCounter;

    public Viewer(int id) => Id = id;

    public int Id { get; }

    public Socket? Socket { get; private set; }

    public int Fd { get; private set; }

    public PeerConnection? Connection { get; private set; }

    public IPEndPoint? Server { get; private set; }

    /// <summary>Decrypt one RTP packet in this many once the first key frame was seen (proof the keys work).</summary>
    public int SampleEvery { get; init; } = 64;

    public long JoinTicks { get; set; }

    public long OfferTicks { get; set; }

    public long IceTicks { get; set; }

    public long ConnectedTicks { get; set; }

    public long FirstRtpTicks { get; set; }

    public long FirstKeyframeTicks { get; set; }

    public long Packets { get; set; }

    public long Bytes { get; set; }

    public long RtcpPackets { get; set; }

    public long Decrypted { get; set; }

    public long DecryptFailed { get; set; }

    public string? Error { get; set; }

    public bool Ended { get; set; }

    public bool Closed { get; set; }

    public int Slot { get; set; }

    /// <summary>Set by a DTLS thread's wake: the shard should drain this viewer soon.</summary>
    public int WakePending;

    public List<SsrcStats> Ssrcs { get; } = [];

    /// <summary>Builds the connection for the node's offer; false (with <see cref="Error"/>) when the offer is unusable.</summary>
    public bool TryAnswer(SessionDescription offer, PeerSettings settings, IPAddress localAddress, Action<Viewer> wake, out string answerSdp, out string candidate)
    {
        answerSdp = candidate = "";
        var socket = new Socket(localAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp)
        {
            Blocking = false,
            ReceiveBufferSize = 256 * 1024,
        };
        Socket = socket;
        socket.Bind(new IPEndPoint(localAddress, 0));
        var local = (IPEndPoint)socket.LocalEndPoint!;
        var connection = PeerConnection.CreateClient(settings, local, () => wake(this));
        Connection = connection;
        connection.AddHostCandidate(local);
        if (!connection.TryAcceptOffer(offer, LocalCapabilities.CreateDefault(), SdpOrigin.Anonymous(Id.ToString(System.Globalization.CultureInfo.InvariantCulture), 1), null, out var answer, out var error))
        {
            Error = "answer: " + error;
            return false;
        }

        foreach (var line in connection.Negotiation!.RemoteCandidates)
        {
            if (MyVid.WebRtc.Ice.IceCandidate.TryParse(line, out var parsed) && parsed!.TryGetEndPoint(out var endPoint) && endPoint!.AddressFamily == localAddress.AddressFamily)
            {
                Server = endPoint;
                break;
            }
        }

        if (Server is null)
        {
            Error = "the offer has no candidate we can reach";
            return false;
        }

        socket.Connect(Server);
        Fd = (int)socket.Handle;
        foreach (var media in connection.Negotiation.Media)
        {
            foreach (var codec in media.Codecs)
            {
                _payloadTypes[codec.LocalPayloadType] = (codec.Codec.ClockRate, media.Kind == MediaKind.Video, codec.Codec.IsRtx);
            }
        }

        answerSdp = SdpWriter.Write(answer!);
        candidate = "candidate:" + connection.LocalTransport.Candidates[0];
        return true;
    }

    /// <summary>One datagram from the node (shard thread): RTP counted from its clear header, the rest to the connection.</summary>
    public void OnDatagram(Span<byte> datagram, long ticks, DateTimeOffset now)
    {
        var first = datagram[0];
        if (first is >= 128 and <= 191 && datagram.Length >= RtpHeader.FixedLength && datagram[1] is not (>= 192 and <= 223))
        {
            OnRtp(datagram, ticks, now);
            return;
        }

        if (Connection!.HandleDatagram(datagram, Server!, now).Kind == PeerPacketKind.Rtcp)
        {
            RtcpPackets++;
        }
    }

    /// <summary>The connection is up: decrypt what came before the keys.</summary>
    public void OnConnected(long ticks, DateTimeOffset now)
    {
        ConnectedTicks = ticks;
        foreach (var (data, arrived) in _stash)
        {
            Decrypt(data, arrived, now, stashIfEarly: false);
        }

        _stash.Clear();
    }

    public void Dispose()
    {
        Connection?.Dispose();
        Socket?.Dispose();
    }

    private void OnRtp(Span<byte> datagram, long ticks, DateTimeOffset now)
    {
        Packets++;
        Bytes += datagram.Length;
        if (FirstRtpTicks == 0)
        {
            FirstRtpTicks = ticks;
        }

        var payloadType = (byte)(datagram[1] & 0x7F);
        var ssrc = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(datagram[8..]);
        var sequence = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        var timestamp = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]);
        var stats = Find(ssrc, payloadType);
        stats.OnPacket(sequence, timestamp, ticks);
        if (FirstKeyframeTicks == 0 ? stats.IsVideo && !stats.IsRtx : ++_sampleCounter % SampleEvery == 0)
        {
            Decrypt(datagram, ticks, now, stashIfEarly: true);
        }
    }

    private void Decrypt(Span<byte> datagram, long ticks, DateTimeOffset now, bool stashIfEarly)
    {
        var received = Connection!.HandleDatagram(datagram, Server!, now);
        if (received.Kind != PeerPacketKind.Rtp)
        {
            if (stashIfEarly && ConnectedTicks == 0 && _stash.Count < MaxStash)
            {
                _stash.Add((datagram.ToArray(), ticks)); // SRTP before our side of DTLS finished: keep it for the keys
            }
            else
            {
                DecryptFailed++;
            }

            return;
        }

        Decrypted++;
        if (FirstKeyframeTicks == 0 && RtpHeader.TryParse(received.Packet, out var header)
            && _payloadTypes.TryGetValue(header.PayloadType, out var pt) && pt.IsVideo && !pt.IsRtx
            && Vp8PayloadDescriptor.TryParse(header.Payload, out var vp8) && vp8.IsKeyframe)
        {
            FirstKeyframeTicks = ticks;
        }
    }

    private SsrcStats Find(uint ssrc, byte payloadType)
    {
        foreach (var s in Ssrcs)
        {
            if (s.Ssrc == ssrc)
            {
                return s;
            }
        }

        var (clockRate, isVideo, isRtx) = _payloadTypes.TryGetValue(payloadType, out var pt) ? pt : (0, false, false);
        var stats = new SsrcStats(ssrc, clockRate, isVideo, isRtx);
        Ssrcs.Add(stats);
        return stats;
    }

    public static double Ms(long fromTicks, long toTicks) =>
        fromTicks == 0 || toTicks == 0 ? double.NaN : (toTicks - fromTicks) * 1000.0 / Stopwatch.Frequency;
}
