using System.Buffers.Binary;

namespace MyVid.WebRtc.Rtcp;

/// <summary>
/// One RTCP packet's common header and extent (RFC 3550 §6.4.1): version 2, padding, the 5-bit count
/// (RC, SC or FMT), type and length in 32-bit words minus one.
/// </summary>
public readonly ref struct RtcpPacket
{
    public const int HeaderLength = 4;

    private RtcpPacket(ReadOnlySpan<byte> data, int paddingLength)
    {
        Data = data;
        PaddingLength = paddingLength;
    }

    /// <summary>The whole packet, header and padding included.</summary>
    public ReadOnlySpan<byte> Data { get; }

    public int PaddingLength { get; }

    /// <summary>RC, SC or FMT, depending on the type.</summary>
    public int Count => Data[0] & 0x1F;

    public RtcpPacketType Type => (RtcpPacketType)Data[1];

    /// <summary>What follows the 4-byte header, without padding.</summary>
    public ReadOnlySpan<byte> Body => Data[HeaderLength..(Data.Length - PaddingLength)];

    /// <summary>Reads the packet at the start of <paramref name="data"/>, which may hold more after it.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out RtcpPacket packet)
    {
        packet = default;
        if (data.Length < HeaderLength || data[0] >> 6 != 2)
        {
            return false;
        }

        var length = 4 * (BinaryPrimitives.ReadUInt16BigEndian(data[2..]) + 1);
        if (length > data.Length)
        {
            return false;
        }

        var paddingLength = 0;
        if ((data[0] & 0x20) != 0)
        {
            paddingLength = data[length - 1];
            if (paddingLength == 0 || paddingLength > length - HeaderLength)
            {
                return false;
            }
        }

        packet = new RtcpPacket(data[..length], paddingLength);
        return true;
    }

    /// <summary>Parses the packet and checks it is of <paramref name="type"/> (and FMT, when given).</summary>
    internal static bool TryParse(ReadOnlySpan<byte> data, RtcpPacketType type, int format, out RtcpPacket packet) =>
        TryParse(data, out packet) && packet.Type == type && (format < 0 || packet.Count == format);

    /// <summary>Writes a header for a packet of <paramref name="length"/> bytes, a multiple of 4.</summary>
    internal static void WriteHeader(Span<byte> destination, int count, RtcpPacketType type, int length)
    {
        destination[0] = (byte)(0x80 | count);
        destination[1] = (byte)type;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)((length / 4) - 1));
    }
}
