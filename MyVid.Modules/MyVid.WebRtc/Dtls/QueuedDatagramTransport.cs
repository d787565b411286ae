using Org.BouncyCastle.Tls;

namespace MyVid.WebRtc.Dtls;

/// <summary>
/// The blocking <see cref="DatagramTransport"/> BouncyCastle's DTLS code reads and writes, backed by an inbound queue
/// the driver fills and an outbound queue it drains. Waiting here (with the monitor's own clock) is the price of
/// BouncyCastle's blocking API; it happens only on <see cref="DtlsHandshakeScheduler"/> threads, never the driver's.
/// </summary>
internal sealed class QueuedDatagramTransport : DatagramTransport
{
    /// <summary>Larger than any datagram on an Ethernet-MTU path; bigger ones are not DTLS we speak.</summary>
    internal const int ReceiveLimit = 2048;

    // Bounds memory when a peer floods us or the driver stops polling; DTLS copes with the loss.
    private const int MaxQueued = 64;

    private readonly object _sync;
    private readonly Queue<byte[]> _inbound = new();
    private readonly Queue<byte[]> _outbound = new();
    private readonly int _sendLimit;
    private readonly Action? _wake;
    private bool _closed;

    /// <param name="sync">The owning connection's lock, so queue state and connection state change together.</param>
    /// <param name="sendLimit">The largest datagram to send.</param>
    /// <param name="wake">Told when a datagram is queued for sending.</param>
    internal QueuedDatagramTransport(object sync, int sendLimit, Action? wake)
    {
        _sync = sync;
        _sendLimit = sendLimit;
        _wake = wake;
    }

    /// <summary>True when received datagrams wait to be read. The caller holds the lock.</summary>
    internal bool HasInput => _inbound.Count > 0;

    /// <summary>Queues a received datagram; drops it when closed, oversized or the queue is full.</summary>
    internal void Enqueue(ReadOnlySpan<byte> datagram)
    {
        lock (_sync)
        {
            if (_closed || datagram.Length > ReceiveLimit || _inbound.Count >= MaxQueued)
                return;
            _inbound.Enqueue(datagram.ToArray());
            Monitor.PulseAll(_sync);
        }
    }

    /// <summary>The next datagram to send, or null.</summary>
    internal byte[]? DequeueOutput()
    {
        lock (_sync)
            return _outbound.TryDequeue(out byte[]? datagram) ? datagram : null;
    }

    public int GetReceiveLimit() => ReceiveLimit;

    public int GetSendLimit() => _sendLimit;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    /// <summary>Blocks up to <paramref name="waitMillis"/> (0: forever, as for sockets); -1 on timeout.</summary>
    /// <exception cref="IOException">Closed: aborts a handshake in progress at once.</exception>
    public int Receive(Span<byte> buffer, int waitMillis)
    {
        lock (_sync)
        {
            long deadline = Environment.TickCount64 + waitMillis;
            while (!_closed && _inbound.Count == 0)
            {
                if (waitMillis == 0)
                {
                    Monitor.Wait(_sync);
                    continue;
                }
                long remaining = deadline - Environment.TickCount64;
                if (remaining <= 0)
                    return -1;
                Monitor.Wait(_sync, (int)remaining);
            }
            if (_closed)
                throw new IOException("DTLS transport closed.");
            byte[] datagram = _inbound.Dequeue();
            if (datagram.Length > buffer.Length)
                return -1;
            datagram.CopyTo(buffer);
            return datagram.Length;
        }
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer)
    {
        lock (_sync)
        {
            // Alerts BouncyCastle sends while tearing down after our close are dropped.
            if (_closed || _outbound.Count >= MaxQueued)
                return;
            _outbound.Enqueue(buffer.ToArray());
        }
        _wake?.Invoke();
    }

    /// <summary>Stops reading: a blocked or later Receive throws. Queued output stays to be sent.</summary>
    public void Close()
    {
        lock (_sync)
        {
            _closed = true;
            _inbound.Clear();
            Monitor.PulseAll(_sync);
        }
    }
}
