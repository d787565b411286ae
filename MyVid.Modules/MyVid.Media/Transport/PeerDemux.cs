using System.Net;
using System.Net.Sockets;
using System.Text;
using MyVid.WebRtc.Stun;

namespace MyVid.Media.Transport;

/// <summary>
/// Which peer a datagram belongs to: by its source address once known, and a new address by the ICE ufrag in the
/// USERNAME of its STUN check (ours, the part before the colon). Loop thread only.
/// </summary>
internal sealed class PeerDemux
{
    private readonly Dictionary<string, LivePeer> _byUfrag = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LivePeer>.AlternateLookup<ReadOnlySpan<char>> _byUfragSpan;
    private readonly Dictionary<SocketAddress, (LivePeer Peer, IPEndPoint EndPoint)> _byAddress = [];
    private readonly IPEndPoint _template;

    /// <param name="template">Any endpoint of the socket's family: it turns a <see cref="SocketAddress"/> into an endpoint.</param>
    public PeerDemux(IPEndPoint template)
    {
        _template = template;
        _byUfragSpan = _byUfrag.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public void Add(LivePeer peer) => _byUfrag[peer.Ufrag] = peer;

    /// <summary>Another ufrag of <paramref name="peer"/>: its new one after an ICE restart.</summary>
    public void AddUfrag(LivePeer peer, string ufrag) => _byUfrag[ufrag] = peer;

    /// <summary>Forgets a ufrag: a new address checking with it is no longer learnt (known addresses stay the peer's).</summary>
    public void RemoveUfrag(string ufrag) => _byUfrag.Remove(ufrag);

    public void Remove(LivePeer peer)
    {
        _byUfrag.Remove(peer.Ufrag);
        if (peer.PreviousUfrag is { } previous)
        {
            _byUfrag.Remove(previous);
        }

        foreach (var address in peer.Addresses)
        {
            _byAddress.Remove(address);
        }
    }

    /// <summary>The peer <paramref name="datagram"/> from <paramref name="from"/> is for, learning a new address from a check.</summary>
    public bool TryFind(SocketAddress from, ReadOnlySpan<byte> datagram, out (LivePeer Peer, IPEndPoint EndPoint) known) =>
        _byAddress.TryGetValue(from, out known) || TryLearn(from, datagram, out known);

    private bool TryLearn(SocketAddress from, ReadOnlySpan<byte> datagram, out (LivePeer Peer, IPEndPoint EndPoint) known)
    {
        known = default;
        if (!StunMessage.LooksLikeStun(datagram) || !StunMessage.TryParse(datagram, out var message)
            || !message.TryGetUsername(out var username))
        {
            return false;
        }

        var colon = username.IndexOf((byte)':');
        var local = colon < 0 ? username : username[..colon];
        if (local.Length is 0 or > 256)
        {
            return false;
        }

        Span<char> chars = stackalloc char[local.Length];
        if (!Encoding.UTF8.TryGetChars(local, chars, out var written) || !_byUfragSpan.TryGetValue(chars[..written], out var peer))
        {
            return false;
        }

        var endPoint = (IPEndPoint)_template.Create(from);
        var address = endPoint.Serialize();
        if (peer.AddAddress(address) is { } forgotten)
        {
            _byAddress.Remove(forgotten);
        }

        known = (peer, endPoint);
        _byAddress[address] = known;
        return true;
    }
}
