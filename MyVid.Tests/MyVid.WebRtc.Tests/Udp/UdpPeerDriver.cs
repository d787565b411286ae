using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MyVid.WebRtc.Peer;

namespace MyVid.WebRtc.Tests.Udp;

/// <summary>
/// A test-only UDP driver: one socket and one thread that feed a <see cref="PeerConnection"/> what arrives, run its
/// timers and send what it gives back. (The Media module owns the production driver.) RTP goes to
/// <see cref="OnRtp"/> on the driver's thread, decrypted in the receive buffer, which has room to protect it again.
/// </summary>
internal sealed class UdpPeerDriver : IDisposable
{
    // The longest the loop sleeps: bounds how late a DTLS thread's output is sent.
    private static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(5);

    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly byte[] _buffer = new byte[2048];
    private readonly ConcurrentQueue<Action<UdpPeerDriver>> _posted = new();
    private Thread? _thread;

    public UdpPeerDriver(IPEndPoint bind)
    {
        _socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(bind);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public PeerConnection Connection { get; private set; } = null!;

    /// <summary>Every event the connection reported, for the test thread.</summary>
    public ConcurrentQueue<PeerEvent> Events { get; } = new();

    /// <summary>A received RTP packet: (driver, buffer, plain length); send with <see cref="SendRtp"/> on the same thread.</summary>
    public Action<UdpPeerDriver, byte[], int>? OnRtp { get; set; }

    public int RtpReceived { get; private set; }

    public int RtcpReceived { get; private set; }

    public bool Has(PeerEventKind kind) => Events.Any(e => e.Kind == kind);

    /// <summary>Starts the loop over <paramref name="connection"/>.</summary>
    public void Start(PeerConnection connection)
    {
        Connection = connection;
        _thread = new Thread(Loop) { IsBackground = true, Name = "UDP peer driver" };
        _thread.Start();
    }

    /// <summary>Protects and sends <c>packet[..length]</c>; call on the driver's thread (from <see cref="OnRtp"/>).</summary>
    public bool SendRtp(Span<byte> packet, int length)
    {
        if (!Connection.TrySendRtp(packet, length, out var transmit))
        {
            return false;
        }

        _socket.SendTo(transmit.Datagram, SocketFlags.None, transmit.Destination);
        return true;
    }

    /// <summary>Runs <paramref name="work"/> on the driver's thread, where the connection may be used.</summary>
    public void Post(Action<UdpPeerDriver> work) => _posted.Enqueue(work);

    public void Dispose()
    {
        _stop.Cancel();
        _thread?.Join();
        Connection?.Dispose();
        _socket.Dispose();
        _stop.Dispose();
    }

    private void Loop()
    {
        EndPoint from = new IPEndPoint(LocalEndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            var now = DateTimeOffset.UtcNow;
            var wait = Connection.PollTimeout() is { } due ? due - now : MaxWait;
            wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxWait ? MaxWait : wait;
            if (_socket.Poll((int)wait.TotalMicroseconds, SelectMode.SelectRead))
            {
                int length;
                try
                {
                    length = _socket.ReceiveFrom(_buffer, ref from);
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionRefused)
                {
                    // Linux reports an ICMP "port unreachable" for an earlier send (the browser closed its port)
                    // on the next receive: not fatal for a UDP socket, and never a reason to end the test process.
                    continue;
                }
                Receive(length, (IPEndPoint)from);
            }

            now = DateTimeOffset.UtcNow;
            if (Connection.PollTimeout() is { } timeout && timeout <= now)
            {
                Connection.HandleTimeout(now);
            }

            while (_posted.TryDequeue(out var work))
            {
                work(this);
            }

            Flush();
        }
    }

    private void Receive(int length, IPEndPoint from)
    {
        var received = Connection.HandleDatagram(_buffer.AsSpan(0, length), from, DateTimeOffset.UtcNow);
        switch (received.Kind)
        {
            case PeerPacketKind.Rtp:
                RtpReceived++;
                OnRtp?.Invoke(this, _buffer, received.Packet.Length);
                break;
            case PeerPacketKind.Rtcp:
                RtcpReceived++;
                break;
        }
    }

    private void Flush()
    {
        while (Connection.TryPollTransmit(out var transmit))
        {
            _socket.SendTo(transmit.Datagram, SocketFlags.None, transmit.Destination);
        }

        while (Connection.TryPollEvent(out var peerEvent))
        {
            Events.Enqueue(peerEvent);
        }
    }
}
