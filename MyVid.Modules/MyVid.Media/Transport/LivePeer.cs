using System.Net;
using System.Net.Sockets;
using MyVid.WebRtc.Peer;

namespace MyVid.Media.Transport;

/// <summary>
/// One <see cref="PeerConnection"/> as the loop drives it: the addresses it was seen at (demultiplexing), the session
/// to tell, and the SFU's state for it (<see cref="Owner"/>). Used on the loop thread only.
/// </summary>
internal sealed class LivePeer : IDisposable
{
    // A browser checks from a few interfaces at most; the lite agent keeps as many sources.
    private const int MaxAddresses = 8;

    private readonly List<SocketAddress> _addresses = [];
    private IPEndPoint? _lastDestination;
    private SocketAddress? _lastDestinationAddress;

    public LivePeer(PeerConnection connection, IPeerObserver observer)
    {
        Connection = connection;
        Observer = observer;
        Ufrag = connection.LocalTransport.IceUfrag;
    }

    public PeerConnection Connection { get; }

    public IPeerObserver Observer { get; }

    /// <summary>Our ICE ufrag for this peer: the first part of the USERNAME of its checks (a new one after an ICE restart).</summary>
    public string Ufrag { get; set; }

    /// <summary>Our ufrag before the last ICE restart while the peer's checks under it are still answered.</summary>
    public string? PreviousUfrag { get; set; }

    /// <summary>The SFU's publisher or viewer state.</summary>
    public object? Owner { get; set; }

    public bool IsClosed { get; set; }

    internal IReadOnlyList<SocketAddress> Addresses => _addresses;

    /// <summary>Remembers an address; returns the one forgotten to make room, if any.</summary>
    internal SocketAddress? AddAddress(SocketAddress address)
    {
        SocketAddress? forgotten = null;
        if (_addresses.Count == MaxAddresses)
        {
            forgotten = _addresses[0];
            _addresses.RemoveAt(0);
        }

        _addresses.Add(address);
        return forgotten;
    }

    /// <summary>The serialized form of <paramref name="destination"/>, cached: media always goes to the same object.</summary>
    internal SocketAddress DestinationAddress(IPEndPoint destination)
    {
        if (!ReferenceEquals(destination, _lastDestination))
        {
            _lastDestination = destination;
            _lastDestinationAddress = destination.Serialize();
        }

        return _lastDestinationAddress!;
    }

    public void Dispose() => Connection.Dispose();
}
