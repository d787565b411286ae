using System.Buffers.Binary;

namespace MyVid.WebRtc.Rtcp;

/// <summary>SDES item types (RFC 3550 §6.5).</summary>
public enum SdesItemType : byte
{
    End = 0,
    Cname = 1,
    Name = 2,
    Email = 3,
    Phone = 4,
    Location = 5,
    Tool = 6,
    Note = 7,
    Private = 8,
}

/// <summary>One SDES item and the SSRC of the chunk it belongs to.</summary>
public readonly ref struct SdesItem
{
    internal SdesItem(uint ssrc, SdesItemType type, ReadOnlySpan<byte> value)
    {
        Ssrc = ssrc;
        Type = type;
        Value = value;
    }

    public uint Ssrc { get; }

    public SdesItemType Type { get; }

    /// <summary>UTF-8 text, up to 255 bytes.</summary>
    public ReadOnlySpan<byte> Value { get; }
}

/// <summary>
/// Source description, PT 202 (RFC 3550 §6.5): SC chunks of an SSRC and items, each chunk ended by null
/// octets up to a 32-bit boundary. TryParse checks every chunk; the enumerator then yields the items.
/// </summary>
public ref struct SourceDescription
{
    private readonly ReadOnlySpan<byte> _body;
    private int _offset;
    private int _chunksLeft;
    private uint _ssrc;
    private bool _inChunk;

    private SourceDescription(ReadOnlySpan<byte> body, int chunkCount)
    {
        _body = body;
        _chunksLeft = chunkCount;
        Current = default;
    }

    public SdesItem Current { get; private set; }

    public static bool TryParse(ReadOnlySpan<byte> data, out SourceDescription description)
    {
        description = default;
        if (!RtcpPacket.TryParse(data, RtcpPacketType.SourceDescription, -1, out var packet))
        {
            return false;
        }

        var walk = new SourceDescription(packet.Body, packet.Count);
        while (walk.MoveNext())
        {
        }

        if (walk._chunksLeft != 0 || walk._inChunk)
        {
            return false;
        }

        description = new SourceDescription(packet.Body, packet.Count);
        return true;
    }

    /// <summary>The first CNAME, which is what WebRTC peers send.</summary>
    public readonly bool TryGetCname(out uint ssrc, out ReadOnlySpan<byte> cname)
    {
        foreach (var item in this)
        {
            if (item.Type == SdesItemType.Cname)
            {
                ssrc = item.Ssrc;
                cname = item.Value;
                return true;
            }
        }

        ssrc = 0;
        cname = default;
        return false;
    }

    public static int GetCnameByteCount(int cnameLength) =>
        RtcpPacket.HeaderLength + ((4 + 2 + cnameLength + 1 + 3) & ~3);

    /// <summary>Writes an SDES with one chunk holding a CNAME (at most 255 bytes).</summary>
    public static bool TryWriteCname(Span<byte> destination, uint ssrc, ReadOnlySpan<byte> cname, out int written)
    {
        written = 0;
        var length = GetCnameByteCount(cname.Length);
        if (cname.Length > 255 || destination.Length < length)
        {
            return false;
        }

        RtcpPacket.WriteHeader(destination, 1, RtcpPacketType.SourceDescription, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        destination[8] = (byte)SdesItemType.Cname;
        destination[9] = (byte)cname.Length;
        cname.CopyTo(destination[10..]);
        destination[(10 + cname.Length)..length].Clear();
        written = length;
        return true;
    }

    public readonly SourceDescription GetEnumerator() => this;

    public bool MoveNext()
    {
        while (true)
        {
            if (!_inChunk)
            {
                if (_chunksLeft == 0 || _body.Length - _offset < 4)
                {
                    return false;
                }

                _ssrc = BinaryPrimitives.ReadUInt32BigEndian(_body[_offset..]);
                _offset += 4;
                _chunksLeft--;
                _inChunk = true;
            }

            if (_offset >= _body.Length)
            {
                return false;
            }

            var type = _body[_offset];
            if (type == (byte)SdesItemType.End)
            {
                // The null octet and padding up to the next 32-bit boundary end the chunk.
                var next = (_offset + 4) & ~3;
                if (next > _body.Length)
                {
                    return false;
                }

                _offset = next;
                _inChunk = false;
                continue;
            }

            if (_body.Length - _offset < 2 || _body.Length - _offset - 2 < _body[_offset + 1])
            {
                return false;
            }

            var length = _body[_offset + 1];
            Current = new SdesItem(_ssrc, (SdesItemType)type, _body.Slice(_offset + 2, length));
            _offset += 2 + length;
            return true;
        }
    }
}
