namespace MyVid.WebRtc.Stun;

/// <summary>
/// FINGERPRINT value: CRC-32 (ISO HDLC, the one of zlib and Ethernet) of the message up to the attribute,
/// XORed with 0x5354554e (RFC 8489 §14.7). Table-driven: System.IO.Hashing is not referenced here.
/// </summary>
internal static class StunFingerprint
{
    private const uint Xor = 0x5354554e;
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data) => Crc32(data) ^ Xor;

    internal static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
