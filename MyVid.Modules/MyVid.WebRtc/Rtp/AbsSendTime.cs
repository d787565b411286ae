using System.Buffers.Binary;

namespace MyVid.WebRtc.Rtp;

/// <summary>
/// The abs-send-time header extension (webrtc.org http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time):
/// 24 bits of 6.18 fixed-point seconds, wrapping every 64 s.
/// </summary>
public static class AbsSendTime
{
    public const int Length = 3;

    /// <summary>The 24-bit value for a send time given in <see cref="TimeSpan"/> ticks of any epoch.</summary>
    public static uint FromTicks(long ticks) =>
        (uint)((UInt128)(ulong)ticks * (1u << 18) / TimeSpan.TicksPerSecond) & 0xFF_FFFF;

    public static uint Read(ReadOnlySpan<byte> data) => ((uint)data[0] << 16) | BinaryPrimitives.ReadUInt16BigEndian(data[1..]);

    public static void Write(Span<byte> data, uint value)
    {
        data[0] = (byte)(value >> 16);
        BinaryPrimitives.WriteUInt16BigEndian(data[1..], (ushort)value);
    }
}
