using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace MyVid.WebRtc.Stun;

/// <summary>One attribute of a STUN message: its type, its unpadded value and its offset in the message (RFC 8489 §14).</summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix",
    Justification = "'Attribute' is the RFC 8489 term for a STUN TLV; this is not a .NET attribute.")]
public readonly ref struct StunAttribute
{
    public StunAttribute(StunAttributeType type, ReadOnlySpan<byte> value, int offset)
    {
        Type = type;
        Value = value;
        Offset = offset;
    }

    public StunAttributeType Type { get; }

    public ReadOnlySpan<byte> Value { get; }

    /// <summary>Offset of the attribute header from the start of the message.</summary>
    public int Offset { get; }
}

/// <summary>
/// Walks the attributes of a message without allocating. It stops (and <see cref="IsMalformed"/> turns true) at
/// an attribute whose header or padded value would run past the end of the message.
/// </summary>
public ref struct StunAttributeEnumerator
{
    private readonly ReadOnlySpan<byte> _message;
    private int _next;

    internal StunAttributeEnumerator(ReadOnlySpan<byte> message)
    {
        _message = message;
        _next = StunMessage.HeaderLength;
        Current = default;
    }

    public StunAttribute Current { get; private set; }

    public bool IsMalformed { get; private set; }

    public readonly StunAttributeEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        int remaining = _message.Length - _next;
        if (remaining == 0 || IsMalformed)
        {
            return false;
        }

        if (remaining < 4)
        {
            IsMalformed = true;
            return false;
        }

        var header = _message.Slice(_next, 4);
        int length = BinaryPrimitives.ReadUInt16BigEndian(header[2..]);
        int padded = (length + 3) & ~3;
        if (padded > remaining - 4)
        {
            IsMalformed = true;
            return false;
        }

        var type = (StunAttributeType)BinaryPrimitives.ReadUInt16BigEndian(header);
        Current = new StunAttribute(type, _message.Slice(_next + 4, length), _next);
        _next += 4 + padded;
        return true;
    }
}
