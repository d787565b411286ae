namespace MyVid.Media.Recording.Rtp;

/// <summary>A packet held by <see cref="RtpReorderBuffer"/>: a copy the buffer's owner rented, with its arrival time.</summary>
internal readonly record struct HeldPacket(byte[] Buffer, int Length, long ArrivalMs)
{
    public ReadOnlySpan<byte> Span => Buffer.AsSpan(0, Length);
}

/// <summary>
/// Puts RTP packets back in sequence order. A missing packet is waited for until the buffer holds
/// <see cref="Capacity"/> packets or the oldest held one is <c>maxWaitMs</c> old; then it is given up as lost and the next
/// packet comes out with <c>gapBefore</c> set. Late and duplicate packets are refused (the caller returns their buffers).
/// </summary>
internal sealed class RtpReorderBuffer(int capacity = 64, long maxWaitMs = 100)
{
    private readonly HeldPacket?[] _slots = new HeldPacket?[capacity];
    private readonly Queue<(HeldPacket Packet, bool GapBefore)> _ready = new();
    private SequenceUnwrapper _unwrapper;
    private long _next = -1;
    private bool _gap;

    public int Capacity => capacity;

    /// <summary>Packets held, in their slots or ready to come out.</summary>
    public int Held => Count + _ready.Count;

    private int Count { get; set; }

    /// <summary>Packets given up as lost so far.</summary>
    public long Lost { get; private set; }

    /// <summary>Takes the packet, or refuses it (false) when it is late, a duplicate, or not RTP.</summary>
    public bool Push(ushort sequenceNumber, HeldPacket packet)
    {
        var sequence = _unwrapper.Unwrap(sequenceNumber);
        if (_next < 0)
        {
            _next = sequence;
        }
        if (sequence < _next)
        {
            return false;
        }
        // Too far ahead to hold: what is held before it comes out next, what is missing is given up.
        while (sequence - _next >= capacity)
        {
            ref var old = ref _slots[_next % capacity];
            if (old is { } held)
            {
                old = null;
                Count--;
                _ready.Enqueue((held, _gap));
                _gap = false;
            }
            else
            {
                Lost++;
                _gap = true;
            }
            _next++;
        }
        ref var slot = ref _slots[sequence % capacity];
        if (slot is not null)
        {
            return false;
        }
        slot = packet;
        Count++;
        return true;
    }

    /// <summary>The next packet in order, if it is there or the one before it is given up at <paramref name="nowMs"/>.</summary>
    public bool TryPop(long nowMs, out HeldPacket packet, out bool gapBefore)
    {
        if (_ready.Count == 0 && Count > 0 && _slots[_next % capacity] is null && (Count >= capacity * 3 / 4 || OldestArrival() + maxWaitMs <= nowMs))
        {
            SkipToOldest();
        }
        return TryTakeNext(out packet, out gapBefore);
    }

    /// <summary>At the end of the stream: the next held packet in order, whatever is missing before it.</summary>
    public bool TryFlush(out HeldPacket packet, out bool gapBefore)
    {
        if (_ready.Count == 0 && Count > 0 && _slots[_next % capacity] is null)
        {
            SkipToOldest();
        }
        return TryTakeNext(out packet, out gapBefore);
    }

    private bool TryTakeNext(out HeldPacket packet, out bool gapBefore)
    {
        if (_ready.TryDequeue(out var ready))
        {
            (packet, gapBefore) = ready;
            return true;
        }
        packet = default;
        gapBefore = false;
        if (Count == 0 || _slots[_next % capacity] is not { } held)
        {
            return false;
        }
        _slots[_next % capacity] = null;
        Count--;
        _next++;
        packet = held;
        gapBefore = _gap;
        _gap = false;
        return true;
    }

    /// <summary>Gives up the missing packets before the first held one.</summary>
    private void SkipToOldest()
    {
        while (Count > 0 && _slots[_next % capacity] is null)
        {
            _next++;
            Lost++;
            _gap = true;
        }
    }

    private long OldestArrival()
    {
        var oldest = long.MaxValue;
        foreach (var slot in _slots)
        {
            if (slot is { } held && held.ArrivalMs < oldest)
            {
                oldest = held.ArrivalMs;
            }
        }
        return oldest;
    }
}
