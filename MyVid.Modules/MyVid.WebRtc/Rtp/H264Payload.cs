using System.Buffers.Binary;

namespace MyVid.WebRtc.Rtp;

/// <summary>Key frame detection on H.264 RTP payloads (RFC 6184 §5.2): an IDR slice (5) or an SPS (7).</summary>
public static class H264Payload
{
    private const int IdrSlice = 5;
    private const int Sps = 7;
    private const int StapA = 24;
    private const int FuA = 28;

    /// <summary>
    /// True for a single NAL unit of type 5 or 7, a STAP-A aggregating one, or the start fragment of an
    /// FU-A carrying one. Malformed aggregates are read only as far as they are well-formed.
    /// </summary>
    public static bool IsKeyframe(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return false;
        }

        var type = payload[0] & 0x1F;
        switch (type)
        {
            case StapA:
                var units = payload[1..];
                while (units.Length >= 3)
                {
                    var size = BinaryPrimitives.ReadUInt16BigEndian(units);
                    if (size == 0 || size > units.Length - 2)
                    {
                        return false;
                    }

                    if (IsKeyframeUnit(units[2] & 0x1F))
                    {
                        return true;
                    }

                    units = units[(2 + size)..];
                }

                return false;
            case FuA:
                return payload.Length >= 2 && (payload[1] & 0x80) != 0 && IsKeyframeUnit(payload[1] & 0x1F);
            default:
                return IsKeyframeUnit(type);
        }
    }

    private static bool IsKeyframeUnit(int type) => type is IdrSlice or Sps;
}
