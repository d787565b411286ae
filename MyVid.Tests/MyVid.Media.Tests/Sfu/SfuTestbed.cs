using System.Buffers.Binary;
using MyVid.Media.Sfu;
using MyVid.Media.Transport;
using MyVid.WebRtc.Dtls;
using MyVid.WebRtc.Peer;

namespace MyVid.Media.Tests.Sfu;

/// <summary>A <see cref="LiveStream"/> between fake peers: what it sends is recorded unprotected, no socket, no DTLS.</summary>
internal sealed class SfuTestbed : IDisposable
{
    public static readonly DateTimeOffset T0 = DateTimeOffset.UnixEpoch;

    private readonly PeerSettings _settings = new(DtlsCertificate.Create(T0));
    private readonly List<LivePeer> _peers = [];

    public SfuTestbed(params StreamTrack[] tracks)
    {
        Publisher = NewPeer();
        Stream = new LiveStream(new StreamInfo("s"), Publisher, tracks, Sender, new byte[MediaLoop.BufferSize], 1_000_000, Counters);
    }

    public LivePeer Publisher { get; }

    public RecordingSender Sender { get; } = new();

    public SfuCounters Counters { get; } = new();

    public LiveStream Stream { get; }

    /// <summary>A negotiated viewer (one rewrite per stream track), not yet connected unless said.</summary>
    public Viewer AddViewer(TrackRewrite?[] rewrites, bool connected = false, bool waitingForKeyframe = true)
    {
        var viewer = new Viewer(NewPeer(), Stream, T0)
        {
            Rewrites = rewrites,
            PacketsSent = new uint[rewrites.Length],
            OctetsSent = new uint[rewrites.Length],
            ReplayNext = new ushort?[rewrites.Length],
            KeyframeResent = new ushort?[rewrites.Length],
            Negotiated = true,
            Connected = connected,
            WaitingForKeyframe = waitingForKeyframe,
        };
        Stream.Viewers.Add(viewer);
        return viewer;
    }

    /// <summary>The RTP packets (or RTCP) sent to <paramref name="peer"/> so far, in order.</summary>
    public List<byte[]> SentTo(LivePeer peer, bool rtcp = false) => Sender.Sent.Where(s => s.Peer == peer && s.Rtcp == rtcp).Select(s => s.Bytes).ToList();

    /// <summary>An RTP packet without extensions; its timestamp is <paramref name="sequence"/> × 3000 unless given.</summary>
    public static byte[] Rtp(byte payloadType, ushort sequence, uint ssrc, byte[] payload, uint? timestamp = null)
    {
        var packet = new byte[12 + payload.Length];
        packet[0] = 0x80;
        packet[1] = payloadType;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp ?? sequence * 3000u);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        payload.CopyTo(packet, 12);
        return packet;
    }

    public void Dispose()
    {
        Stream.Dispose();
        foreach (var peer in _peers)
        {
            peer.Dispose();
        }
    }

    private LivePeer NewPeer()
    {
        var peer = new LivePeer(PeerConnection.CreateServer(_settings), new NoObserver());
        _peers.Add(peer);
        return peer;
    }

    internal sealed class NoObserver : IPeerObserver
    {
        public void Connected()
        {
        }

        public void Closed(string reason)
        {
        }
    }

    /// <summary>Keeps a copy of everything the stream sends, unprotected.</summary>
    internal sealed class RecordingSender : IPacketSender
    {
        public List<(LivePeer Peer, bool Rtcp, byte[] Bytes)> Sent { get; } = [];

        public bool SendRtp(LivePeer peer, Span<byte> packet, int length)
        {
            Sent.Add((peer, false, packet[..length].ToArray()));
            return true;
        }

        public bool SendRtcp(LivePeer peer, Span<byte> packet, int length)
        {
            Sent.Add((peer, true, packet[..length].ToArray()));
            return true;
        }
    }
}
