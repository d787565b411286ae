using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyVid.WebRtc.Peer;

namespace MyVid.Media.Transport;

/// <summary>
/// The node's UDP driver and event loop (str0m style): one socket, one thread that owns every peer. Datagrams are
/// demultiplexed by <see cref="PeerDemux"/>; datagrams for a viewer whose answer is not applied yet wait in
/// <see cref="EarlyDatagrams"/>; timers come from each peer's <see cref="PeerConnection.PollTimeout"/>, checked every
/// 5 ms for peers still connecting (their DTLS thread's output is picked up then) and every
/// <see cref="ConnectedSweepInterval"/> for connected ones; what <see cref="PeerConnection.TryPollTransmit"/> and
/// <see cref="PeerConnection.TrySendRtp"/> give is queued in a <see cref="UdpSendBatch"/> and sent with one
/// <c>sendmmsg</c> per batch. Other threads reach peers only through <see cref="Post"/>.
/// </summary>
internal sealed partial class MediaLoop : IDisposable
{
    /// <summary>Room for any datagram plus the SRTP overhead a forwarded packet gains.</summary>
    public const int BufferSize = 2048;

    // The longest the loop sleeps: how late a command or a DTLS thread's output may be picked up.
    private static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(5);
    private const int MaxDatagramsPerWake = 64;

    /// <summary>
    /// How often connected peers' timers (ICE consent, 30 s) and post-handshake DTLS output (alerts, close_notify)
    /// are looked at: walking 1,000 connected peers every 5 ms cost more than forwarding to them.
    /// </summary>
    private static readonly TimeSpan ConnectedSweepInterval = TimeSpan.FromMilliseconds(100);

    private readonly Socket _socket;
    private readonly ILogger<MediaLoop> _logger;
    private readonly TimeProvider _time;
    private readonly IDatagramDropFilter? _dropFilter;
    private readonly IReceiveDropFilter? _receiveDropFilter;
    private readonly ConcurrentQueue<Action> _commands = new();
    private readonly PeerDemux _demux;
    private readonly EarlyDatagrams _early = new();
    private readonly Action<LivePeer, IPEndPoint, Span<byte>> _deliverEarly;
    private readonly UdpSendBatch? _batch;
    private readonly List<LivePeer> _peers = [];
    private readonly List<LivePeer> _closing = [];
    private readonly byte[] _receive = new byte[BufferSize];
    private readonly SocketAddress _from;
    private IMediaLoopHandler? _handler;
    private Thread? _thread;
    private volatile bool _stop;
    private bool _disposed;
    private DateTimeOffset _nextSweep;
    private DateTimeOffset _nextConnectedSweep;
    private int _loopThreadId;

    public MediaLoop(IOptions<MediaOptions> options, ILogger<MediaLoop> logger, TimeProvider time, IEnumerable<IDatagramDropFilter> dropFilters,
        IEnumerable<IReceiveDropFilter> receiveDropFilters)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        _logger = logger;
        _time = time;
        _dropFilter = dropFilters.FirstOrDefault();
        _receiveDropFilter = receiveDropFilters.FirstOrDefault();
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
        _demux = new PeerDemux(LocalEndPoint);
        _deliverEarly = DeliverEarly;
        _batch = o.BatchSends ? new UdpSendBatch(_socket) : null;
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Our host candidate: the advertised address with the bound port.</summary>
    public IPEndPoint AdvertisedEndPoint { get; }

    /// <summary>Datagrams the socket refused (its buffer full): those viewers skipped a packet.</summary>
    public long SendFailures => Interlocked.Read(ref _sendFailures);

    public long DatagramsReceived => Interlocked.Read(ref _datagramsReceived);

    public long DatagramsSent => Interlocked.Read(ref _datagramsSent);

    public int PeerCount => Volatile.Read(ref _peerCount);

    /// <summary>Send system calls made: with batching far fewer than <see cref="DatagramsSent"/>.</summary>
    public long SendCalls => Interlocked.Read(ref _sendCalls) + (_batch?.SystemCalls ?? 0);

    /// <summary>Datagrams that came before their viewer's answer and were handed over once it was applied.</summary>
    public long EarlyDatagramsReplayed => Interlocked.Read(ref _earlyReplayed);

    /// <summary>Early datagrams refused by a bound (per peer, in all) or too old when the answer came.</summary>
    public long EarlyDatagramsDropped => _early.Dropped;

    private long _sendCalls;
    private long _earlyReplayed;

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
        _demux.Add(peer);
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
        _batch?.Dispose();
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

            Flush();
        }

        while (_commands.TryDequeue(out var command))
        {
            command();
        }

        now = _time.GetUtcNow();
        if (_early.Count > 0)
        {
            // An answer a command just applied releases that viewer's early checks at once.
            _early.Release(now, _deliverEarly);
        }

        if (now >= _nextSweep)
        {
            Sweep(now);
        }

        Flush();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Media UDP socket bound to {Local}, advertised as {Advertised}")]
    private static partial void LogStarted(ILogger logger, IPEndPoint local, IPEndPoint advertised);

    [LoggerMessage(Level = LogLevel.Error, Message = "Media loop iteration failed")]
    private static partial void LogLoopError(ILogger logger, Exception exception);
}
