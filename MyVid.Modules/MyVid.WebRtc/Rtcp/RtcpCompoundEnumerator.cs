namespace MyVid.WebRtc.Rtcp;

/// <summary>
/// Walks the packets of a compound RTCP datagram (RFC 3550 §6.1), stopping at the first malformed one.
/// Check <see cref="IsValid"/> first to drop a datagram that is malformed anywhere, as receivers should.
/// </summary>
public ref struct RtcpCompoundEnumerator
{
    private ReadOnlySpan<byte> _remaining;

    public RtcpCompoundEnumerator(ReadOnlySpan<byte> datagram)
    {
        _remaining = datagram;
        Current = default;
    }

    public RtcpPacket Current { get; private set; }

    /// <summary>Whether the datagram is one or more well-formed packets that fill it exactly.</summary>
    public static bool IsValid(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty)
        {
            return false;
        }

        while (!datagram.IsEmpty)
        {
            if (!RtcpPacket.TryParse(datagram, out var packet))
            {
                return false;
            }

            datagram = datagram[packet.Data.Length..];
        }

        return true;
    }

    public readonly RtcpCompoundEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_remaining.IsEmpty || !RtcpPacket.TryParse(_remaining, out var packet))
        {
            _remaining = default;
            return false;
        }

        Current = packet;
        _remaining = _remaining[packet.Data.Length..];
        return true;
    }
}
