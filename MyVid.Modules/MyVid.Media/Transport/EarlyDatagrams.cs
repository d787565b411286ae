using System.Buffers;
using System.Net;

namespace MyVid.Media.Transport;

/// <summary>
/// Datagrams that reached a viewer's peer before its answer was applied: the client starts its ICE checks (and then
/// DTLS) as soon as it has sent its answer, which usually overtakes the answer's trip through the signalling
/// socket. Dropping them would cost the client its first retransmission (500 ms, 1 s); instead they wait here, in
/// pooled buffers, and are handed to the peer once it is negotiated. Bounded per peer and in all; the oldest wait
/// is bounded by <see cref="MaxAge"/>. Loop thread only.
/// </summary>
internal sealed class EarlyDatagrams
{
    /// <summary>A client's first checks, a retransmission or two, a ClientHello: a handful is all that comes.</summary>
    public const int MaxPerPeer = 8;

    /// <summary>4,096 × 2 KiB = 8 MiB at most, whatever a join storm (or a flood of valid-ufrag checks) brings.</summary>
    public const int MaxTotal = 4096;

    /// <summary>An answer later than this will not come soon; the client's own retransmissions take over.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);

    private readonly Dictionary<LivePeer, List<Entry>> _byPeer = [];
    private readonly List<LivePeer> _ready = [];
    private int _total;

    /// <summary>Datagrams waiting now (all peers).</summary>
    public int Count => _total;

    /// <summary>Datagrams refused by a bound, or forgotten unreplayed (too old, or their peer closed).</summary>
    public long Dropped { get; private set; }

    /// <summary>Keeps a copy of <paramref name="datagram"/> for <paramref name="peer"/>; false when a bound refuses it.</summary>
    public bool TryAdd(LivePeer peer, IPEndPoint from, ReadOnlySpan<byte> datagram, DateTimeOffset now)
    {
        if (!_byPeer.TryGetValue(peer, out var entries))
        {
            entries = new List<Entry>(2);
            _byPeer.Add(peer, entries);
        }

        if (_total >= MaxTotal || entries.Count >= MaxPerPeer || datagram.Length > MediaLoop.BufferSize)
        {
            Dropped++;
            return false;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(MediaLoop.BufferSize);
        datagram.CopyTo(buffer);
        entries.Add(new Entry(buffer, datagram.Length, from, now));
        _total++;
        return true;
    }

    /// <summary>
    /// Hands every negotiated (or closed) peer's datagrams, oldest first, to <paramref name="deliver"/> (closed
    /// peers' are dropped) and forgets datagrams older than <see cref="MaxAge"/>.
    /// </summary>
    public void Release(DateTimeOffset now, Action<LivePeer, IPEndPoint, Span<byte>> deliver)
    {
        if (_total == 0)
        {
            return;
        }

        foreach (var (peer, entries) in _byPeer)
        {
            if (peer.IsClosed || peer.Connection.Negotiation is not null || entries.Count == 0 || now - entries[0].Arrived > MaxAge)
            {
                _ready.Add(peer);
            }
        }

        foreach (var peer in _ready)
        {
            var entries = _byPeer[peer];
            _byPeer.Remove(peer);
            var replay = !peer.IsClosed && peer.Connection.Negotiation is not null;
            if (!replay)
            {
                Dropped += entries.Count;
            }
            foreach (var entry in entries)
            {
                if (replay && !peer.IsClosed)
                {
                    deliver(peer, entry.From, entry.Buffer.AsSpan(0, entry.Length));
                }

                ArrayPool<byte>.Shared.Return(entry.Buffer);
                _total--;
            }
        }

        _ready.Clear();
    }

    /// <summary>Drops what <paramref name="peer"/> had waiting (it is being forgotten).</summary>
    public void Forget(LivePeer peer)
    {
        if (_byPeer.Remove(peer, out var entries))
        {
            foreach (var entry in entries)
            {
                ArrayPool<byte>.Shared.Return(entry.Buffer);
                _total--;
            }
        }
    }

    private readonly record struct Entry(byte[] Buffer, int Length, IPEndPoint From, DateTimeOffset Arrived);
}
