using System.Buffers.Binary;
using System.Text;

namespace MyVid.WebRtc.Rtp;

/// <summary>
/// Builds an RFC 8285 header extension block (the 4-byte 0xBEDE/0x1000 header, elements and zero padding
/// to a 32-bit boundary) into a span, to be placed after the CSRCs with the X bit set.
/// </summary>
public ref struct RtpExtensionWriter
{
    private const int HeaderLength = 4;

    private readonly Span<byte> _destination;
    private readonly bool _twoByte;
    private int _length;

    /// <param name="twoByte">Use the two-byte form, needed for ids above 14 or data above 16 bytes.</param>
    public RtpExtensionWriter(Span<byte> destination, bool twoByte = false)
    {
        _destination = destination;
        _twoByte = twoByte;
        _length = HeaderLength;
    }

    public bool TryAdd(byte id, scoped ReadOnlySpan<byte> data)
    {
        var valid = _twoByte
            ? id is > 0 and <= 255 && data.Length <= 255
            : id is > 0 and <= 14 && data.Length is > 0 and <= 16;
        var elementLength = (_twoByte ? 2 : 1) + data.Length;
        if (!valid || _length + elementLength > _destination.Length)
        {
            return false;
        }

        if (_twoByte)
        {
            _destination[_length] = id;
            _destination[_length + 1] = (byte)data.Length;
        }
        else
        {
            _destination[_length] = (byte)((id << 4) | (data.Length - 1));
        }

        data.CopyTo(_destination[(_length + elementLength - data.Length)..]);
        _length += elementLength;
        return true;
    }

    /// <summary>abs-send-time: the 24-bit 6.18 fixed-point seconds of <see cref="AbsSendTime"/>.</summary>
    public bool TryAddAbsSendTime(byte id, uint absSendTime)
    {
        Span<byte> data = stackalloc byte[AbsSendTime.Length];
        AbsSendTime.Write(data, absSendTime);
        return TryAdd(id, data);
    }

    /// <summary>transport-wide-cc: the 16-bit transport sequence number.</summary>
    public bool TryAddTransportSequenceNumber(byte id, ushort sequenceNumber)
    {
        Span<byte> data = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(data, sequenceNumber);
        return TryAdd(id, data);
    }

    /// <summary>sdes:mid (RFC 9143 §15): the MID's ASCII bytes.</summary>
    public bool TryAddMid(byte id, string mid)
    {
        ArgumentNullException.ThrowIfNull(mid);
        Span<byte> data = stackalloc byte[255];
        return Encoding.ASCII.TryGetBytes(mid, data, out var written) && TryAdd(id, data[..written]);
    }

    /// <summary>Writes the block header and padding; <paramref name="written"/> is a multiple of 4.</summary>
    public readonly bool TryFinish(out int written)
    {
        written = (_length + 3) & ~3;
        if (written > _destination.Length)
        {
            written = 0;
            return false;
        }

        _destination[_length..written].Clear();
        var profile = _twoByte ? RtpExtensionEnumerator.TwoByteProfile : RtpExtensionEnumerator.OneByteProfile;
        BinaryPrimitives.WriteUInt16BigEndian(_destination, profile);
        BinaryPrimitives.WriteUInt16BigEndian(_destination[2..], (ushort)((written - HeaderLength) / 4));
        return true;
    }
}
