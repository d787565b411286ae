using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using MyVid.WebRtc.Peer;

namespace MyVid.LoadClient;

/// <summary>
/// One thread driving many viewers: an epoll set over their sockets (a socket each: the node tells viewers apart
/// by source address), an eventfd for hand-overs and DTLS wakes, and a sweep every <see cref="SweepMs"/> ms for the
/// connections' timers (ICE checks and consent). No lock and no allocation per received packet.
/// </summary>
internal sealed class ViewerShard : IDisposable
{
    private const int SweepMs = 10;
    private const int MaxReadsPerWake = 32;

    private readonly int _epoll;
    private readonly int _eventFd;
    private readonly ConcurrentQueue<Viewer> _incoming = new();
    private readonly ConcurrentQueue<Viewer> _woken = new();
    private readonly ConcurrentQueue<Viewer> _closing = new();
    private readonly List<Viewer?> _viewers = [];
    private readonly byte[] _buffer = new byte[2048];
    private readonly Thread _thread;
    private volatile bool _stop;

    public ViewerShard(int index)
    {
        _epoll = Native.CreateEpoll();
        _eventFd = Native.CreateEventFd();
        Native.Add(_epoll, _eventFd, 0);
        _thread = new Thread(Run) { IsBackground = true, Name = "load viewers " + index };
        _thread.Start();
    }

    public long Datagrams { get; private set; }

    /// <summary>Hands a negotiated viewer to this shard's thread (any thread).</summary>
    public void Add(Viewer viewer)
    {
        _incoming.Enqueue(viewer);
        Native.Signal(_eventFd);
    }

    /// <summary>A DTLS thread has output for <paramref name="viewer"/> (any thread).</summary>
    public void Wake(Viewer viewer)
    {
        if (Interlocked.Exchange(ref viewer.WakePending, 1) == 0)
        {
            _woken.Enqueue(viewer);
            Native.Signal(_eventFd);
        }
    }

    /// <summary>Closes a viewer's connection (DTLS close_notify) on the shard thread.</summary>
    public void Close(Viewer viewer)
    {
        _closing.Enqueue(viewer);
        Native.Signal(_eventFd);
    }

    public void Dispose()
    {
        _stop = true;
        Native.Signal(_eventFd);
        _thread.Join(TimeSpan.FromSeconds(5));
    }

    private void Run()
    {
        Span<Native.EpollEvent> events = stackalloc Native.EpollEvent[256];
        var nextSweep = Stopwatch.GetTimestamp();
        var sweepTicks = Stopwatch.Frequency * SweepMs / 1000;
        while (!_stop)
        {
            var wait = (int)Math.Max(0, (nextSweep - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency);
            var count = Native.Wait(_epoll, events, wait);
            var ticks = Stopwatch.GetTimestamp();
            var now = DateTimeOffset.UtcNow;
            for (var i = 0; i < count; i++)
            {
                var data = events[i].Data;
                if (data == 0)
                {
                    Native.Drain(_eventFd);
                    TakeCommands(now);
                    continue;
                }

                if (_viewers[(int)data - 1] is { } viewer)
                {
                    Read(viewer, ticks, now);
                }
            }

            if (ticks >= nextSweep)
            {
                Sweep(now);
                nextSweep = ticks + sweepTicks;
            }
        }

        for (var i = 0; i < _viewers.Count; i++)
        {
            if (_viewers[i] is { } viewer)
            {
                Forget(viewer);
            }
        }
    }

    private void TakeCommands(DateTimeOffset now)
    {
        while (_incoming.TryDequeue(out var viewer))
        {
            viewer.Slot = _viewers.Count;
            _viewers.Add(viewer);
            Native.Add(_epoll, viewer.Fd, (ulong)viewer.Slot + 1);
            viewer.Connection!.HandleTimeout(now); // starts the checks
            Drain(viewer, now);
        }

        while (_woken.TryDequeue(out var viewer))
        {
            Volatile.Write(ref viewer.WakePending, 0);
            if (!viewer.Closed)
            {
                Drain(viewer, now);
            }
        }

        while (_closing.TryDequeue(out var viewer))
        {
            if (!viewer.Closed)
            {
                viewer.Connection!.Close();
                Drain(viewer, now);
                Forget(viewer);
            }
        }
    }

    private void Read(Viewer viewer, long ticks, DateTimeOffset now)
    {
        var socket = viewer.Socket!;
        for (var i = 0; i < MaxReadsPerWake && !viewer.Closed; i++)
        {
            var length = socket.Receive(_buffer, 0, _buffer.Length, SocketFlags.None, out var error);
            if (error != SocketError.Success || length <= 0)
            {
                break; // WouldBlock: drained (or ICMP refused while the node was going away)
            }

            Datagrams++;
            viewer.OnDatagram(_buffer.AsSpan(0, length), ticks, now);
        }

        Drain(viewer, now);
    }

    private void Sweep(DateTimeOffset now)
    {
        for (var i = 0; i < _viewers.Count; i++)
        {
            var viewer = _viewers[i];
            if (viewer is null || viewer.Closed)
            {
                continue;
            }

            if (viewer.Connection!.PollTimeout() is { } due && due <= now)
            {
                viewer.Connection.HandleTimeout(now);
            }

            Drain(viewer, now);
        }
    }

    private void Drain(Viewer viewer, DateTimeOffset now)
    {
        var connection = viewer.Connection!;
        while (connection.TryPollTransmit(out var transmit))
        {
            viewer.Socket!.Send(transmit.Datagram, SocketFlags.None, out _);
        }

        while (connection.TryPollEvent(out var peerEvent))
        {
            switch (peerEvent.Kind)
            {
                case PeerEventKind.IceConnected:
                    viewer.IceTicks = Stopwatch.GetTimestamp();
                    break;
                case PeerEventKind.DtlsConnected:
                    viewer.OnConnected(Stopwatch.GetTimestamp(), now);
                    break;
                case PeerEventKind.Closed when !viewer.Closed:
                    viewer.Error ??= viewer.ConnectedTicks == 0 ? "media: " + peerEvent.Reason : null;
                    Forget(viewer);
                    break;
            }
        }
    }

    private void Forget(Viewer viewer)
    {
        if (viewer.Closed)
        {
            return;
        }

        viewer.Closed = true;
        Native.Remove(_epoll, viewer.Fd);
        _viewers[viewer.Slot] = null;
    }
}
