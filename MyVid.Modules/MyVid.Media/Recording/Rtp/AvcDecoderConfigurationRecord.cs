using System.Buffers.Binary;

namespace MyVid.Media.Recording.Rtp;

/// <summary>The AVCDecoderConfigurationRecord (ISO 14496-15 §5.2.4.1): what Matroska's <c>V_MPEG4/ISO/AVC</c> carries as CodecPrivate.</summary>
internal static class AvcDecoderConfigurationRecord
{
    /// <summary>One SPS (at least 4 bytes: its header, profile, constraints, level) and one PPS, with 4-byte NAL lengths.</summary>
    public static byte[] Build(ReadOnlySpan<byte> sps, ReadOnlySpan<byte> pps)
    {
        var record = new byte[11 + sps.Length + pps.Length];
        record[0] = 1;
        record[1] = sps[1]; // profile_idc
        record[2] = sps[2]; // constraint flags
        record[3] = sps[3]; // level_idc
        record[4] = 0xFF; // 4-byte NAL lengths
        record[5] = 0xE1; // one SPS
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(6), (ushort)sps.Length);
        sps.CopyTo(record.AsSpan(8));
        var at = 8 + sps.Length;
        record[at] = 1; // one PPS
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(at + 1), (ushort)pps.Length);
        pps.CopyTo(record.AsSpan(at + 3));
        return record;
    }
}
