using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyVid.WebRtc.Peer;
using MyVid.WebRtc.Stun;

namespace MyVid.Media.Transport;

/// <summary>
/// The node's UDP driver and event loop (str0m style): one socket, one thread that owns every peer. Datagrams are
/// demultiplexed by remote address, and a new address by the ICE ufrag in its STUN USERNAME; timers come from each
/// peer's <see cref="PeerConnection.PollTimeout"/>; sends go straight from <see cref="PeerConnection.TryPollTransmit"/>
/// and <see cref="PeerConnection.TrySendRtp"/>. Other threads reach peers only through <see cref="Post"/>.
/// </summary>
internal sealed partial class MediaLoop : IDisposable
{
    /// <summary>Room for any datagram plus the SRTP overhead a forwarded packet gains.</summary>
    public const int BufferSize = 2048;

    // The longest the loop sleeps: how late a command or a DTLS thread's output may be picked up.
    private static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(5);
    private const int MaxDatagramsPerWake = 64;

    private readonly Socket _socket;
    private readonly ILogger<MediaLoop> _logger;
    private readonly TimeProvider _time;
    private readonly IDatagramDropFilter? _dropFilter;
    private readonly ConcurrentQueue<Action> _commands = new();
    private readonly Dictionary<string, LivePeer> _byUfrag = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LivePeer>.AlternateLookup<ReadOnlySpan<char>> _byUfragSpan;
    private readonly Dictionary<SocketAddress, (LivePeer Peer, IPEndPoint EndPoint)> _byAddress = [];
    private readonly List<LivePeer> _peers = [];
    private readonly List<LivePeer> _closing = [];
    private readonly byte[] _receive = new byte[BufferSize];
    private readonly SocketAddress _from;
    private IMediaLoopHandler? _handler;
    private Thread? _thread;
    private volatile bool _stop;
    private bool _disposed;
    private DateTimeOffset _nextSweep;
    private int _loopThreadId;

    public MediaLoop(IOptions<MediaOptions> options, ILogger<MediaLoop> logger, TimeProvider time, IEnumerable<IDatagramDropFilter> dropFilters)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        _logger = logger;
        _time = time;
        _dropFilter = dropFilters.FirstOrDefault();
        var bind = new IPEndPoint(o.ParsedBindAddress, o.Port);
        _socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp)
        {
            Blocking = false,
            SendBufferSize = o.SocketBufferBytes,
            ReceiveBufferSize = o.SocketBufferBytes,
        };
        _socket.Bind(bind);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        AdvertisedEndPoint = new IPEndPoint(o.ParsedAdvertisedAddress, LocalEndPoint.Port);
        _from = new SocketAddress(bind.AddressFamily);
        _byUfragSpan = _byUfrag.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Our host candidate: the advertised address with the bound port.</summary>
    public IPEndPoint AdvertisedEndPoint { get; }

    /// <summary>Datagrams the socket refused (its buffer full): those viewers skipped a packet.</summary>
    public long SendFailures => Interlocked.Read(ref _sendFailures);

    public long DatagramsReceived => Interlocked.Read(ref _datagramsReceived);

    public long DatagramsSent => Interlocked.Read(ref _datagramsSent);

    public int PeerCount => Volatile.Read(ref _peerCount);

    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    public long BytesSent => Interlocked.Read(ref _bytesSent);

    private long _sendFailures;
    private long _datagramsReceived;
    private long _datagramsSent;
    private int _peerCount;
    private long _bytesReceived;
    private long _bytesSent;

    public bool IsLoopThread => Environment.CurrentManagedThreadId == _loopThreadId;

    public void Start(IMediaLoopHandler handler)
    {
        _handler = handler;
        _thread = new Thread(Run) { IsBackground = true, Name = "MyVid media loop" };
        _thread.Start();
        LogStarted(_logger, LocalEndPoint, AdvertisedEndPoint);
    }

    /// <summary>Runs <paramref name="command"/> on the loop thread, where peers and streams may be touched.</summary>
    public void Post(Action command) => _commands.Enqueue(command);

    /// <summary>Runs <paramref name="command"/> on the loop thread and gives its result.</summary>
    public Task<T> InvokeAsync<T>(Func<T> command)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            try
            {
                result.TrySetResult(command());
            }
#pragma warning disable CA1031 // the exception belongs to the caller, not the loop
            catch (Exception e)
#pragma warning restore CA1031
            {
                result.TrySetException(e);
            }
        });
        if (_stop)
        {
            result.TrySetException(new ObjectDisposedException(nameof(MediaLoop)));
        }

        return result.Task;
    }

    /// <summary>Adds a peer: its checks are recognised by its ufrag from now on. Loop thread.</summary>
    public void AddPeer(LivePeer peer)
    {
        _byUfrag[peer.Ufrag] = peer;
        _peers.Add(peer);
        Volatile.Write(ref _peerCount, _peers.Count);
    }

    /// <summary>
    /// Closes a peer: DTLS close_notify goes out, nothing more is reported or accepted from it, and it is forgotten
    /// (disposed) at the end of the next sweep, so a handler may remove peers while the loop walks them. Loop thread.
    /// </summary>
    public void RemovePeer(LivePeer peer)
    {
        if (peer.IsClosed)
        {
            return;
        }

        peer.IsClosed = true;
        peer.Connection.Close();
        _closing.Add(peer);
    }

    /// <summary>Protects <c>packet[..length]</c> in place (it needs the SRTP overhead spare) and sends it. Loop thread.</summary>
    public bool SendRtp(LivePeer peer, Span<byte> packet, int length) =>
        peer.Connection.TrySendRtp(packet, length, out var transmit) && Send(peer, transmit);

    public bool SendRtcp(LivePeer peer, Span<byte> packet, int length) =>
        peer.Connection.TrySendRtcp(packet, length, out var transmit) && Send(peer, transmit);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stop = true;
        if (_thread is not null && _thread.IsAlive && !IsLoopThread)
        {
            _thread.Join(TimeSpan.FromSeconds(5));
        }

        foreach (var peer in _peers.ToArray())
        {
            peer.Dispose();
        }

        _socket.Dispose();
    }

    private void Run()
    {
        _loopThreadId = Environment.CurrentManagedThreadId;
        while (!_stop)
        {
            try
            {
                RunOnce();
            }
#pragma warning disable CA1031 // one bad packet or command must not stop every stream of the node
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogLoopError(_logger, e);
            }
        }
    }

    private void RunOnce()
    {
        var now = _time.GetUtcNow();
        var wait = _nextSweep - now;
        wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxWait ? MaxWait : wait;
        if (_socket.Poll((int)wait.TotalMicroseconds, SelectMode.SelectRead))
        {
            for (var i = 0; i < MaxDatagramsPerWake && _socket.Available > 0; i++)
            {
                Receive();
            }
        }

        while (_commands.TryDequeue(out var command))
        {
            command();
        }

        now = _time.GetUtcNow();
        if (now >= _nextSweep)
        {
            Sweep(now);
        }
    }

    private void Receive()
    {
        int length;
        try
        {
            length = _socket.ReceiveFrom(_receive, SocketFlags.None, _from);
        }
        catch (SocketException)
        {
            return; // ICMP port unreachable from a peer that left, and the like
        }

        _datagramsReceived++;
        _bytesReceived += length;
        var datagram = _receive.AsSpan(0, length);
        if (!_byAddress.TryGetValue(_from, out var known))
        {
            if (!TryLearnAddress(datagram, out known))
            {
                return;
            }
        }

        var (peer, from) = known;
        if (peer.IsClosed)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var received = peer.Connection.HandleDatagram(datagram, from, now);
        switch (received.Kind)
        {
            case PeerPacketKind.Rtp:
                _handler!.OnRtp(peer, received.Packet, now);
                break;
            case PeerPacketKind.Rtcp:
                _handler!.OnRtcp(peer, received.Packet, now);
                break;
        }

        Drain(peer, now);
    }

    /// <summary>A datagram from a new address: a STUN check whose USERNAME starts with one of our ufrags binds it.</summary>
    private bool TryLearnAddress(ReadOnlySpan<byte> datagram, out (LivePeer Peer, IPEndPoint EndPoint) known)
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

        var endPoint = (IPEndPoint)LocalEndPoint.Create(_from);
        var address = endPoint.Serialize();
        if (peer.AddAddress(address) is { } forgotten)
        {
            _byAddress.Remove(forgotten);
        }

        known = (peer, endPoint);
        _byAddress[address] = known;
        return true;
    }

    /// <summary>Runs due timers, moves every peer's output (DTLS threads may have produced some), ticks the SFU.</summary>
    private void Sweep(DateTimeOffset now)
    {
        var next = now + MaxWait;
        for (var i = 0; i < _peers.Count; i++)
        {
            var peer = _peers[i];
            if (peer.Connection.PollTimeout() is { } due && due <= now)
            {
                peer.Connection.HandleTimeout(now);
            }

            Drain(peer, now);
        }

        _handler!.OnTick(now);
        foreach (var closing in _closing)
        {
            Forget(closing, now);
        }

        _closing.Clear();
        _nextSweep = next;
    }

    private void Forget(LivePeer peer, DateTimeOffset now)
    {
        Drain(peer, now);
        _byUfrag.Remove(peer.Ufrag);
        foreach (var address in peer.Addresses)
        {
            _byAddress.Remove(address);
        }

        _peers.Remove(peer);
        Volatile.Write(ref _peerCount, _peers.Count);
        peer.Dispose();
    }

    private void Drain(LivePeer peer, DateTimeOffset now)
    {
        while (peer.Connection.TryPollTransmit(out var transmit))
        {
            Send(peer, transmit);
        }

        while (peer.Connection.TryPollEvent(out var peerEvent))
        {
            if (peer.IsClosed)
            {
                continue; // removed: its own close is not news
            }

            if (peerEvent.Kind == PeerEventKind.Closed)
            {
                LogPeerClosed(_logger, peer.Ufrag, peerEvent.Reason);
            }

            _handler!.OnPeerEvent(peer, peerEvent, now);
            if (peerEvent.Kind == PeerEventKind.Closed)
            {
                RemovePeer(peer); // the handler usually did
            }
        }
    }

    private bool Send(LivePeer peer, PeerTransmit transmit)
    {
        if (_dropFilter is not null && _dropFilter.ShouldDrop(peer.Ufrag, transmit.Datagram))
        {
            return true;
        }

        try
        {
            _socket.SendTo(transmit.Datagram, SocketFlags.None, peer.DestinationAddress(transmit.Destination));
            _datagramsSent++;
            _bytesSent += transmit.Datagram.Length;
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.NoBufferSpaceAvailable)
        {
            _sendFailures++;
            return false;
        }
        catch (SocketException e)
        {
            LogSendFailed(_logger, transmit.Destination, e.SocketErrorCode);
            _sendFailures++;
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Media UDP socket bound to {Local}, advertised as {Advertised}")]
    private static partial void LogStarted(ILogger logger, IPEndPoint local, IPEndPoint advertised);

    [LoggerMessage(Level = LogLevel.Error, Message = "Media loop iteration failed")]
    private static partial void LogLoopError(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Peer {Ufrag} closed: {Reason}")]
    private static partial void LogPeerClosed(ILogger logger, string ufrag, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending to {Destination} failed: {Error}")]
    private static partial void LogSendFailed(ILogger logger, IPEndPoint destination, SocketError error);
}
