using System.Buffers;
using System.Net;

namespace MyVid.WebRtc.Peer;

/// <summary>
/// Datagrams the protocols produced (STUN answers and checks, DTLS flights) waiting for the driver, in pooled
/// buffers. The buffer handed out last is returned to the pool on the next dequeue, so the caller reads it in place.
/// </summary>
internal sealed class TransmitQueue : IDisposable
{
    /// <summary>Room for any STUN message we write (~100 bytes) and any DTLS datagram we accept or send.</summary>
    public const int BufferSize = 2048;

    // Bounds memory when the driver stops polling; every protocol here copes with loss.
    private const int MaxQueued = 128;

    private readonly Queue<(byte[] Buffer, int Length, IPEndPoint Destination)> _queue = new();
    private byte[]? _handedOut;

    public static byte[] Rent() => ArrayPool<byte>.Shared.Rent(BufferSize);

    public static void Return(byte[] buffer) => ArrayPool<byte>.Shared.Return(buffer);

    /// <summary>Queues <c>buffer[..length]</c>, a buffer from <see cref="Rent"/>, which the queue now owns.</summary>
    public void Enqueue(byte[] buffer, int length, IPEndPoint destination)
    {
        if (_queue.Count >= MaxQueued)
        {
            Return(buffer);
            return;
        }

        _queue.Enqueue((buffer, length, destination));
    }

    /// <summary>Copies <paramref name="datagram"/> into a pooled buffer and queues it.</summary>
    public void Enqueue(ReadOnlySpan<byte> datagram, IPEndPoint destination)
    {
        if (datagram.Length > BufferSize)
        {
            return;
        }

        var buffer = Rent();
        datagram.CopyTo(buffer);
        Enqueue(buffer, datagram.Length, destination);
    }

    public bool TryDequeue(out PeerTransmit transmit)
    {
        ReleaseHandedOut();
        if (!_queue.TryDequeue(out var next))
        {
            transmit = default;
            return false;
        }

        _handedOut = next.Buffer;
        transmit = new PeerTransmit(next.Destination, next.Buffer.AsSpan(0, next.Length));
        return true;
    }

    public void Dispose()
    {
        ReleaseHandedOut();
        while (_queue.TryDequeue(out var queued))
        {
            Return(queued.Buffer);
        }
    }

    private void ReleaseHandedOut()
    {
        if (_handedOut is not null)
        {
            Return(_handedOut);
            _handedOut = null;
        }
    }
}
