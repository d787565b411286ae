using System.Buffers.Binary;
using System.Text;

namespace MyVid.Media.Recording.WebM;

/// <summary>
/// A growable byte buffer that writes EBML (RFC 8794): element ids as their raw bytes, variable-size integers, and the
/// unsigned, float, string and binary element kinds Matroska uses. Master elements get an 8-byte size that
/// <see cref="EndMaster"/> fills in, so the content never has to be written twice.
/// </summary>
internal sealed class EbmlWriter(int capacity = 256)
{
    /// <summary>The 8-byte "unknown size" (all value bits set) a live Segment starts with.</summary>
    public const long UnknownSize = -1;

    private byte[] _buffer = new byte[Math.Max(16, capacity)];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    public Span<byte> WrittenSpan => _buffer.AsSpan(0, Length);

    public void Clear() => Length = 0;

    /// <summary>Bytes of the element id: ids keep their length marker, so 0x1A45DFA3 takes 4 bytes and 0xA3 one.</summary>
    public static int IdLength(uint id) => id > 0xFFFFFF ? 4 : id > 0xFFFF ? 3 : id > 0xFF ? 2 : 1;

    /// <summary>The fewest bytes (1..8) that hold <paramref name="value"/> as a size; all ones is reserved for "unknown".</summary>
    public static int SizeLength(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        for (var length = 1; length <= 8; length++)
        {
            if (value < (1L << (7 * length)) - 1)
            {
                return length;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(value), "An EBML size holds at most 2^56 - 2.");
    }

    /// <summary>Encodes a variable-size integer into <paramref name="destination"/> in exactly <paramref name="length"/> bytes.</summary>
    public static void EncodeSize(Span<byte> destination, long value, int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, 8);
        ulong bits;
        if (value == UnknownSize)
        {
            bits = (1UL << (7 * length)) - 1;
        }
        else
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            if ((ulong)value >= (1UL << (7 * length)) - 1)
            {
                throw new ArgumentOutOfRangeException(nameof(value), $"{value} does not fit an EBML size of {length} bytes.");
            }
            bits = (ulong)value;
        }
        bits |= 1UL << (7 * length);
        for (var i = length - 1; i >= 0; i--)
        {
            destination[i] = (byte)bits;
            bits >>= 8;
        }
    }

    public void WriteId(uint id)
    {
        var length = IdLength(id);
        var span = Grow(length);
        for (var i = length - 1; i >= 0; i--)
        {
            span[i] = (byte)id;
            id >>= 8;
        }
    }

    /// <summary>A size in its shortest form, or in <paramref name="length"/> bytes when given.</summary>
    public void WriteSize(long value, int length = 0)
    {
        length = length > 0 ? length : SizeLength(value);
        EncodeSize(Grow(length), value, length);
    }

    public void WriteUnsigned(uint id, ulong value)
    {
        var length = 1;
        while (length < 8 && value >> (8 * length) != 0)
        {
            length++;
        }
        WriteInteger(id, value, length);
    }

    /// <summary>An unsigned integer always in 8 bytes, so it can be patched later without moving anything.</summary>
    public void WriteUnsignedFixed(uint id, ulong value)
    {
        WriteId(id);
        WriteSize(8);
        BinaryPrimitives.WriteUInt64BigEndian(Grow(8), value);
    }

    public void WriteSigned(uint id, long value)
    {
        var length = 1;
        while (length < 8 && (value < -(1L << ((8 * length) - 1)) || value >= 1L << ((8 * length) - 1)))
        {
            length++;
        }
        WriteInteger(id, unchecked((ulong)value), length);
    }

    /// <summary>The low <paramref name="length"/> bytes of <paramref name="value"/>, big-endian (a signed value in two's complement).</summary>
    private void WriteInteger(uint id, ulong value, int length)
    {
        WriteId(id);
        WriteSize(length);
        var span = Grow(length);
        for (var i = length - 1; i >= 0; i--)
        {
            span[i] = (byte)value;
            value >>= 8;
        }
    }

    public void WriteFloat(uint id, double value)
    {
        WriteId(id);
        WriteSize(8);
        BinaryPrimitives.WriteDoubleBigEndian(Grow(8), value);
    }

    public void WriteString(uint id, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        WriteBinary(id, bytes);
    }

    public void WriteBinary(uint id, ReadOnlySpan<byte> value)
    {
        WriteId(id);
        WriteSize(value.Length);
        WriteRaw(value);
    }

    public void WriteRaw(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Grow(bytes.Length));

    public void WriteByte(byte value) => Grow(1)[0] = value;

    /// <summary>A Void element of exactly <paramref name="totalLength"/> bytes (id, size and zeros), 2..129 bytes.</summary>
    public void WriteVoid(int totalLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(totalLength, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(totalLength, 129);
        WriteId(WebmIds.Void);
        WriteSize(totalLength - 2, 1);
        Grow(totalLength - 2).Clear();
    }

    /// <summary>Writes the id and an 8-byte size to fill in; gives the offset where the content starts.</summary>
    public int BeginMaster(uint id)
    {
        WriteId(id);
        WriteSize(0, 8);
        return Length;
    }

    public void EndMaster(int contentStart) => EncodeSize(_buffer.AsSpan(contentStart - 8, 8), Length - contentStart, 8);

    private Span<byte> Grow(int count)
    {
        if (Length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + count));
        }
        var span = _buffer.AsSpan(Length, count);
        Length += count;
        return span;
    }
}
