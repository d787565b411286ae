using System.Buffers.Binary;

namespace MyVid.Recording.Tests.Recording.Support;

/// <summary>One H.264 access unit of an Annex B stream: its NAL units (without start codes) and whether it holds an IDR.</summary>
internal sealed record H264AccessUnit(IReadOnlyList<byte[]> Nals)
{
    public bool IsIdr => Nals.Any(n => (n[0] & 0x1F) == 5);
}

/// <summary>
/// Splits a real Annex B stream (from ffmpeg/libx264) into access units and packetizes them as a WebRTC sender does
/// (RFC 6184 mode 1): SPS and PPS together in one STAP-A, NAL units over the MTU as FU-A fragments, others as single
/// NAL unit packets; the marker on each access unit's last packet.
/// </summary>
internal static class H264Packetizer
{
    public const int MaxPayload = 1100;

    public static List<H264AccessUnit> AccessUnits(byte[] annexB)
    {
        var units = new List<H264AccessUnit>();
        var current = new List<byte[]>();
        var pending = new List<byte[]>();
        foreach (var nal in Nals(annexB))
        {
            var type = nal[0] & 0x1F;
            if (type is not (1 or 5))
            {
                pending.Add(nal);
                continue;
            }
            // first_mb_in_slice == 0 (ue(v) "1"): a new picture.
            if ((nal[1] & 0x80) != 0 && current.Count > 0)
            {
                units.Add(new H264AccessUnit(current));
                current = [];
            }
            current.AddRange(pending);
            pending.Clear();
            current.Add(nal);
        }
        if (current.Count > 0)
        {
            units.Add(new H264AccessUnit(current));
        }
        return units;
    }

    /// <summary>The RTP payloads of one access unit, in order.</summary>
    public static List<byte[]> Payloads(H264AccessUnit unit)
    {
        var payloads = new List<byte[]>();
        var parameterSets = unit.Nals.Where(n => (n[0] & 0x1F) is 7 or 8).ToList();
        if (parameterSets.Count > 0)
        {
            var stap = new List<byte> { (byte)(0x60 | 24) };
            foreach (var nal in parameterSets)
            {
                stap.Add((byte)(nal.Length >> 8));
                stap.Add((byte)nal.Length);
                stap.AddRange(nal);
            }
            payloads.Add([.. stap]);
        }
        foreach (var nal in unit.Nals.Where(n => (n[0] & 0x1F) is not (7 or 8)))
        {
            if (nal.Length <= MaxPayload)
            {
                payloads.Add(nal);
                continue;
            }
            for (var offset = 1; offset < nal.Length; offset += MaxPayload - 2)
            {
                var length = Math.Min(MaxPayload - 2, nal.Length - offset);
                var fragment = new byte[2 + length];
                fragment[0] = (byte)((nal[0] & 0xE0) | 28);
                fragment[1] = (byte)((offset == 1 ? 0x80 : 0) | (offset + length == nal.Length ? 0x40 : 0) | (nal[0] & 0x1F));
                nal.AsSpan(offset, length).CopyTo(fragment.AsSpan(2));
                payloads.Add(fragment);
            }
        }
        return payloads;
    }

    /// <summary>RTP packets of one access unit.</summary>
    public static IEnumerable<byte[]> Packets(H264AccessUnit unit, ref ushort sequence, uint timestamp, uint ssrc = 0x11111111)
    {
        var payloads = Payloads(unit);
        var packets = new List<byte[]>();
        for (var i = 0; i < payloads.Count; i++)
        {
            var packet = new byte[12 + payloads[i].Length];
            SyntheticStream.WriteHeader(packet, payloadType: 102, marker: i == payloads.Count - 1, sequence++, timestamp, ssrc);
            payloads[i].CopyTo(packet.AsSpan(12));
            packets.Add(packet);
        }
        return packets;
    }

    /// <summary>The access unit as the file should hold it: 4-byte lengths, SPS and PPS first on an IDR.</summary>
    public static byte[] Avcc(H264AccessUnit unit)
    {
        var ordered = unit.Nals.Where(n => (n[0] & 0x1F) == 7).Concat(unit.Nals.Where(n => (n[0] & 0x1F) == 8))
            .Concat(unit.Nals.Where(n => (n[0] & 0x1F) is not (7 or 8)));
        var output = new List<byte>();
        foreach (var nal in ordered)
        {
            var length = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, nal.Length);
            output.AddRange(length);
            output.AddRange(nal);
        }
        return [.. output];
    }

    private static IEnumerable<byte[]> Nals(byte[] annexB)
    {
        var starts = new List<(int Code, int Data)>();
        for (var i = 0; i + 3 <= annexB.Length; i++)
        {
            if (annexB[i] == 0 && annexB[i + 1] == 0 && annexB[i + 2] == 1)
            {
                starts.Add((i > 0 && annexB[i - 1] == 0 ? i - 1 : i, i + 3));
                i += 2;
            }
        }
        for (var s = 0; s < starts.Count; s++)
        {
            var end = s + 1 < starts.Count ? starts[s + 1].Code : annexB.Length;
            yield return annexB[starts[s].Data..end];
        }
    }
}
