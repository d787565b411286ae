using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace MyVid.WebRtc.Stun;

/// <summary>
/// XOR-MAPPED-ADDRESS value (RFC 8489 §14.2): family, port XOR the cookie's top 16 bits, address XOR the cookie
/// (IPv4) or the cookie followed by the transaction id (IPv6). <c>key</c> is bytes 4..20 of the message header.
/// </summary>
internal static class StunXorAddress
{
    private const byte FamilyIPv4 = 0x01;
    private const byte FamilyIPv6 = 0x02;

    /// <summary>IPv4-mapped IPv6 addresses (from dual-mode sockets) go on the wire as the IPv4 address the peer used.</summary>
    public static int GetByteCount(IPEndPoint endPoint) => IsV6(endPoint.Address) ? 20 : 8;

    public static bool TryRead(ReadOnlySpan<byte> value, ReadOnlySpan<byte> key, out IPEndPoint? endPoint)
    {
        endPoint = null;
        if (value.Length < 4)
        {
            return false;
        }

        int addressLength = value[1] switch { FamilyIPv4 => 4, FamilyIPv6 => 16, _ => 0 };
        if (addressLength == 0 || value.Length != 4 + addressLength)
        {
            return false;
        }

        int port = BinaryPrimitives.ReadUInt16BigEndian(value[2..]) ^ BinaryPrimitives.ReadUInt16BigEndian(key);
        Span<byte> address = stackalloc byte[addressLength];
        for (int i = 0; i < addressLength; i++)
        {
            address[i] = (byte)(value[4 + i] ^ key[i]);
        }

        endPoint = new IPEndPoint(new IPAddress(address), port);
        return true;
    }

    public static void Write(Span<byte> value, IPEndPoint endPoint, ReadOnlySpan<byte> key)
    {
        bool v6 = IsV6(endPoint.Address);
        value[0] = 0;
        value[1] = v6 ? FamilyIPv6 : FamilyIPv4;
        BinaryPrimitives.WriteUInt16BigEndian(value[2..], (ushort)(endPoint.Port ^ BinaryPrimitives.ReadUInt16BigEndian(key)));
        Span<byte> raw = stackalloc byte[16];
        endPoint.Address.TryWriteBytes(raw, out int written);
        var address = v6 || written == 4 ? raw[..written] : raw[12..];
        for (int i = 0; i < address.Length; i++)
        {
            value[4 + i] = (byte)(address[i] ^ key[i]);
        }
    }

    private static bool IsV6(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 && !address.IsIPv4MappedToIPv6;
}
