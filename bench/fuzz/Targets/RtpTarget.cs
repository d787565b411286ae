using MyVid.WebRtc.Rtp;

namespace MyVid.WebRtc.Fuzzing.Targets;

/// <summary>RTP header and extensions, VP8 descriptor, H.264 key frame check, Opus TOC and the in-place rewrites.</summary>
public sealed class RtpTarget : FuzzTarget
{
    // Swaps 1..4 with 11..14 and 200..203 with 1..4: valid one way for both forms, invalid for one-byte the other.
    private static readonly byte[] IdMap = BuildIdMap();

    public RtpTarget()
        : base("rtp", Captures.RtpPackets())
    {
    }

    public override bool Run(Span<byte> input)
    {
        RtpHeader.TryGetHeaderLength(input, out _);
        if (!RtpHeader.TryParse(input, out var header))
        {
            return false;
        }

        _ = header.Marker;
        _ = header.PayloadType;
        _ = header.SequenceNumber;
        _ = header.Timestamp;
        _ = header.Ssrc;
        for (var i = 0; i < header.CsrcCount; i++)
        {
            header.GetCsrc(i);
        }

        foreach (var extension in header.Extensions)
        {
            _ = extension.Data.Length;
        }

        if (header.TryGetExtension(Captures.AbsSendTimeId, out var absSendTime) && absSendTime.Length == AbsSendTime.Length)
        {
            AbsSendTime.Read(absSendTime);
        }

        var payload = header.Payload;
        _ = Vp8PayloadDescriptor.TryParse(payload, out _);
        H264Payload.IsKeyframe(payload);
        _ = OpusToc.TryParse(payload, out _);

        if (RtpHeaderExtensions.TryGetExtension(input, Captures.TransportCcId, out var transportCc))
        {
            transportCc.Fill(0xAB);
        }

        RtpHeaderExtensions.TryRemapIds(input, IdMap);
        RtpHeader.SetSsrc(input, 0x01020304);
        RtpHeader.SetPayloadType(input, 100);
        RtpHeader.SetSequenceNumber(input, 1);
        RtpHeader.SetTimestamp(input, 2);
        RtpHeader.SetMarker(input, true);
        if (!RtpHeader.TryParse(input, out _))
        {
            throw new FuzzInvariantException("a rewritten header no longer parses");
        }

        return true;
    }

    private static byte[] BuildIdMap()
    {
        var map = new byte[256];
        for (var id = 1; id <= 4; id++)
        {
            map[id] = (byte)(id + 10);
            map[id + 10] = (byte)id;
            map[id + 199] = (byte)id;
        }

        return map;
    }
}
