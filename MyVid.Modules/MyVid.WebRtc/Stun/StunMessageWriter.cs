using System.Buffers.Binary;
using System.Net;

namespace MyVid.WebRtc.Stun;

/// <summary>
/// Writes a STUN message into a caller's buffer (RFC 8489 §5, §14), attribute by attribute, keeping the header's
/// length current so MESSAGE-INTEGRITY and FINGERPRINT can be computed in place. Running out of room is sticky:
/// later calls do nothing and <see cref="TryComplete"/> returns false. Add MESSAGE-INTEGRITY, then FINGERPRINT, last.
/// </summary>
public ref struct StunMessageWriter
{
    private readonly Span<byte> _buffer;
    private int _length;
    private bool _overflow;

    public StunMessageWriter(Span<byte> buffer, StunClass cls, StunMethod method, StunTransactionId transactionId)
    {
        _buffer = buffer;
        if (buffer.Length < StunMessage.HeaderLength)
        {
            _overflow = true;
            return;
        }

        BinaryPrimitives.WriteUInt16BigEndian(buffer, StunMessageType.Encode(cls, method));
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], StunMessage.MagicCookie);
        transactionId.CopyTo(buffer[8..]);
        _length = StunMessage.HeaderLength;
    }

    /// <summary>Adds any attribute, zero-padded to four bytes.</summary>
    public void AddAttribute(StunAttributeType type, ReadOnlySpan<byte> value)
    {
        if (TryReserve(type, value.Length, out var destination))
        {
            value.CopyTo(destination);
        }
    }

    public void AddUsername(ReadOnlySpan<byte> utf8) => AddAttribute(StunAttributeType.Username, utf8);

    public void AddPriority(uint priority)
    {
        if (TryReserve(StunAttributeType.Priority, 4, out var value))
        {
            BinaryPrimitives.WriteUInt32BigEndian(value, priority);
        }
    }

    public void AddUseCandidate() => TryReserve(StunAttributeType.UseCandidate, 0, out _);

    public void AddIceControlling(ulong tieBreaker) => AddTieBreaker(StunAttributeType.IceControlling, tieBreaker);

    public void AddIceControlled(ulong tieBreaker) => AddTieBreaker(StunAttributeType.IceControlled, tieBreaker);

    /// <summary>ERROR-CODE (RFC 8489 §14.8); <paramref name="code"/> in 300..699, reason as UTF-8 (e.g. "Unauthorized"u8).</summary>
    public void AddErrorCode(int code, ReadOnlySpan<byte> reason)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(code, 300);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(code, 699);
        if (!TryReserve(StunAttributeType.ErrorCode, 4 + reason.Length, out var value))
        {
            return;
        }

        value[0] = 0;
        value[1] = 0;
        value[2] = (byte)(code / 100);
        value[3] = (byte)(code % 100);
        reason.CopyTo(value[4..]);
    }

    public void AddXorMappedAddress(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        if (TryReserve(StunAttributeType.XorMappedAddress, StunXorAddress.GetByteCount(endPoint), out var value))
        {
            StunXorAddress.Write(value, endPoint, _buffer[4..StunMessage.HeaderLength]);
        }
    }

    /// <summary>MESSAGE-INTEGRITY over everything written so far (RFC 8489 §14.5).</summary>
    public void AddMessageIntegrity(StunIntegrityKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        int offset = _length;
        if (TryReserve(StunAttributeType.MessageIntegrity, StunIntegrityKey.MacLength, out var mac))
        {
            // The header's length already counts this attribute, as §14.5 requires.
            key.Compute(_buffer[..StunMessage.HeaderLength], _buffer[StunMessage.HeaderLength..offset], mac);
        }
    }

    /// <summary>FINGERPRINT over everything written so far (RFC 8489 §14.7); must be the last attribute.</summary>
    public void AddFingerprint()
    {
        int offset = _length;
        if (TryReserve(StunAttributeType.Fingerprint, 4, out var value))
        {
            BinaryPrimitives.WriteUInt32BigEndian(value, StunFingerprint.Compute(_buffer[..offset]));
        }
    }

    public readonly bool TryComplete(out int written)
    {
        written = _overflow ? 0 : _length;
        return !_overflow;
    }

    private void AddTieBreaker(StunAttributeType type, ulong tieBreaker)
    {
        if (TryReserve(type, 8, out var value))
        {
            BinaryPrimitives.WriteUInt64BigEndian(value, tieBreaker);
        }
    }

    /// <summary>Writes the attribute header and padding, updates the message length, gives the value's slot.</summary>
    private bool TryReserve(StunAttributeType type, int valueLength, out Span<byte> value)
    {
        int padded = (valueLength + 3) & ~3;
        if (_overflow || valueLength > ushort.MaxValue || _buffer.Length - _length < 4 + padded)
        {
            _overflow = true;
            value = default;
            return false;
        }

        var attribute = _buffer.Slice(_length, 4 + padded);
        BinaryPrimitives.WriteUInt16BigEndian(attribute, (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(attribute[2..], (ushort)valueLength);
        attribute[(4 + valueLength)..].Clear();
        _length += attribute.Length;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], (ushort)(_length - StunMessage.HeaderLength));
        value = attribute.Slice(4, valueLength);
        return true;
    }
}
