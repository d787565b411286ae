using System.Buffers.Binary;

namespace MyVid.WebRtc.Fuzzing;

/// <summary>
/// Derives an input from a seed with 1 to 4 stacked mutations: bit flips, byte sets, truncation, extension,
/// splicing with a second seed, chunk deletion and duplication, big-endian length-field tweaks, and for text
/// protocols ASCII tokens and extreme numbers. Seeded, so a run (and a crash) can be replayed.
/// </summary>
public sealed class Mutator
{
    private static readonly byte[] InterestingBytes = [0x00, 0x01, 0x03, 0x0F, 0x10, 0x1F, 0x20, 0x7F, 0x80, 0xBE, 0xDE, 0xFF];

    private static readonly string[] Tokens =
    [
        " ", ":", "/", "=", "\r\n", "\n", "a=", "-1", "0", "65536", "4294967296", "99999999999999999999", "", ";", ",",
    ];

    private readonly Random _random;

    public Mutator(int seed)
    {
        _random = new Random(seed);
    }

    /// <summary>A choice in 0..<paramref name="maxExclusive"/>.</summary>
    public int Next(int maxExclusive) => _random.Next(maxExclusive);

    /// <summary>Writes a mutant of <paramref name="seed"/> into <paramref name="output"/> and returns its length.</summary>
    public int Mutate(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> donor, Span<byte> output)
    {
        var length = Math.Min(seed.Length, output.Length);
        seed[..length].CopyTo(output);
        var rounds = 1 + _random.Next(4);
        for (var i = 0; i < rounds; i++)
        {
            length = MutateOnce(output, length, donor);
        }

        return length;
    }

    private int MutateOnce(Span<byte> data, int length, ReadOnlySpan<byte> donor)
    {
        var capacity = data.Length;
        if (length == 0)
        {
            return Extend(data, 0);
        }

        switch (_random.Next(11))
        {
            case 0:
                data[_random.Next(length)] ^= (byte)(1 << _random.Next(8));
                return length;
            case 1:
                data[_random.Next(length)] = (byte)_random.Next(256);
                return length;
            case 2:
                data[_random.Next(length)] = InterestingBytes[_random.Next(InterestingBytes.Length)];
                return length;
            case 3:
                return _random.Next(length);
            case 4:
                return Extend(data, length);
            case 5:
                return Splice(data, length, donor);
            case 6:
                return TweakLengthField(data, length);
            case 7:
                return DeleteChunk(data, length);
            case 8:
                return DuplicateChunk(data, length, capacity);
            case 9:
                return InsertToken(data, length, capacity);
            default:
                return ReplaceNumber(data, length, capacity);
        }
    }

    private int Extend(Span<byte> data, int length)
    {
        var added = Math.Min(1 + _random.Next(32), data.Length - length);
        for (var i = 0; i < added; i++)
        {
            data[length + i] = (byte)_random.Next(256);
        }

        return length + added;
    }

    /// <summary>Keeps a prefix of the input and continues with a suffix of the donor.</summary>
    private int Splice(Span<byte> data, int length, ReadOnlySpan<byte> donor)
    {
        if (donor.IsEmpty)
        {
            return length;
        }

        var at = _random.Next(length + 1);
        var tail = donor[_random.Next(donor.Length)..];
        var copied = Math.Min(tail.Length, data.Length - at);
        tail[..copied].CopyTo(data[at..]);
        return at + copied;
    }

    /// <summary>Nudges, zeroes or maxes a 16-bit big-endian word: where length fields and counts live.</summary>
    private int TweakLengthField(Span<byte> data, int length)
    {
        if (length < 2)
        {
            return length;
        }

        var at = _random.Next(length - 1);
        var value = BinaryPrimitives.ReadUInt16BigEndian(data[at..]);
        value = _random.Next(4) switch
        {
            0 => 0,
            1 => ushort.MaxValue,
            _ => (ushort)(value + _random.Next(-8, 9)),
        };
        BinaryPrimitives.WriteUInt16BigEndian(data[at..], value);
        return length;
    }

    private int DeleteChunk(Span<byte> data, int length)
    {
        var at = _random.Next(length);
        var count = 1 + _random.Next(Math.Min(64, length - at));
        data[(at + count)..length].CopyTo(data[at..]);
        return length - count;
    }

    private int DuplicateChunk(Span<byte> data, int length, int capacity)
    {
        var from = _random.Next(length);
        var count = Math.Min(1 + _random.Next(Math.Min(64, length - from)), capacity - length);
        if (count <= 0)
        {
            return length;
        }

        var at = _random.Next(length + 1);
        Span<byte> chunk = stackalloc byte[count];
        data.Slice(from, count).CopyTo(chunk);
        return Insert(data, length, at, chunk);
    }

    private int InsertToken(Span<byte> data, int length, int capacity)
    {
        var token = Tokens[_random.Next(Tokens.Length)];
        Span<byte> bytes = stackalloc byte[token.Length];
        for (var i = 0; i < token.Length; i++)
        {
            bytes[i] = (byte)token[i];
        }

        return token.Length > capacity - length ? length : Insert(data, length, _random.Next(length + 1), bytes);
    }

    /// <summary>Swaps a run of ASCII digits for an extreme number: the text protocols' length fields.</summary>
    private int ReplaceNumber(Span<byte> data, int length, int capacity)
    {
        var start = data[..length].IndexOfAnyInRange((byte)'0', (byte)'9');
        for (var tries = 0; tries < 4 && start >= 0; tries++)
        {
            var from = _random.Next(length);
            var next = data[from..length].IndexOfAnyInRange((byte)'0', (byte)'9');
            if (next >= 0)
            {
                start = from + next;
                break;
            }
        }

        if (start < 0)
        {
            return length;
        }

        var end = start + data[start..length].IndexOfAnyExceptInRange((byte)'0', (byte)'9');
        if (end < start)
        {
            end = length;
        }

        data[end..length].CopyTo(data[start..]);
        length -= end - start;
        var token = Tokens[6 + _random.Next(6)];
        Span<byte> bytes = stackalloc byte[token.Length];
        for (var i = 0; i < token.Length; i++)
        {
            bytes[i] = (byte)token[i];
        }

        return token.Length > capacity - length ? length : Insert(data, length, start, bytes);
    }

    private static int Insert(Span<byte> data, int length, int at, ReadOnlySpan<byte> bytes)
    {
        data[at..length].CopyTo(data[(at + bytes.Length)..]);
        bytes.CopyTo(data[at..]);
        return length + bytes.Length;
    }
}
