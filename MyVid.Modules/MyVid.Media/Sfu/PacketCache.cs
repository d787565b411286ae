using System.Buffers;

namespace MyVid.Media.Sfu;

/// <summary>
/// The last <see cref="Capacity"/> packets of one RTP stream by sequence number, as forwarded (stream SSRC), so
/// viewers' NACKs are answered without asking the publisher. Slots are pooled buffers reused in a ring: storing
/// copies once per packet, whatever the number of viewers. Loop thread only.
/// </summary>
internal sealed class PacketCache : IDisposable
{
    public const int SlotSize = 1500;

    private readonly byte[]?[] _slots;
    private readonly int[] _lengths;
    private readonly int[] _sequence; // -1: empty
    private readonly int _mask;

    public PacketCache(int capacity = 1024)
    {
        if (capacity <= 0 || (capacity & (capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), "a power of two");
        }

        Capacity = capacity;
        _mask = capacity - 1;
        _slots = new byte[capacity][];
        _lengths = new int[capacity];
        _sequence = new int[capacity];
        Array.Fill(_sequence, -1);
    }

    public int Capacity { get; }

    /// <summary>Keeps a copy of <paramref name="packet"/> under <paramref name="sequenceNumber"/>; a packet too large is not kept.</summary>
    public void Store(ushort sequenceNumber, ReadOnlySpan<byte> packet)
    {
        var index = sequenceNumber & _mask;
        if (packet.Length > SlotSize)
        {
            _sequence[index] = -1;
            return;
        }

        var slot = _slots[index] ??= ArrayPool<byte>.Shared.Rent(SlotSize);
        packet.CopyTo(slot);
        _lengths[index] = packet.Length;
        _sequence[index] = sequenceNumber;
    }

    /// <summary>The packet stored under <paramref name="sequenceNumber"/>, if the ring still holds it.</summary>
    public bool TryGet(ushort sequenceNumber, out ReadOnlySpan<byte> packet)
    {
        var index = sequenceNumber & _mask;
        if (_sequence[index] != sequenceNumber)
        {
            packet = default;
            return false;
        }

        packet = _slots[index].AsSpan(0, _lengths[index]);
        return true;
    }

    public void Dispose()
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            if (_slots[i] is { } slot)
            {
                ArrayPool<byte>.Shared.Return(slot);
                _slots[i] = null;
            }

            _sequence[i] = -1;
        }
    }
}
