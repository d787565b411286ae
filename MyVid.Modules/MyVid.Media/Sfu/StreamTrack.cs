using MyVid.WebRtc.Rtp;
using MyVid.WebRtc.Sdp;

namespace MyVid.Media.Sfu;

/// <summary>
/// One m= section the publisher sends: its codec and RTX payload types and extensions as negotiated, the SSRCs the
/// stream forwards it under (the same for every viewer), and what the node tracks of the publisher's RTP for its
/// reports. Loop thread only.
/// </summary>
internal sealed class StreamTrack
{
    public StreamTrack(int index, string mid, MediaKind kind, RtpCodec codec, RtpCodec? rtx, IReadOnlyList<Extmap> extmaps, uint ssrc, uint rtxSsrc)
    {
        Index = index;
        Mid = mid;
        Kind = kind;
        Codec = codec;
        Rtx = rtx;
        Extmaps = extmaps;
        Ssrc = ssrc;
        RtxSsrc = rtxSsrc;
        IsVp8 = codec.Name.Equals("VP8", StringComparison.OrdinalIgnoreCase);
        IsH264 = codec.Name.Equals("H264", StringComparison.OrdinalIgnoreCase);
    }

    public int Index { get; }

    public string Mid { get; }

    public MediaKind Kind { get; }

    /// <summary>The codec the publisher sends, with its payload type; offered to viewers unchanged.</summary>
    public RtpCodec Codec { get; }

    public RtpCodec? Rtx { get; }

    /// <summary>The header extensions with the publisher's ids.</summary>
    public IReadOnlyList<Extmap> Extmaps { get; }

    /// <summary>The SSRC viewers receive this track under.</summary>
    public uint Ssrc { get; }

    /// <summary>The SSRC of our retransmissions (RTX) for this track.</summary>
    public uint RtxSsrc { get; }

    public bool IsVideo => Kind == MediaKind.Video;

    public bool IsVp8 { get; }

    public bool IsH264 { get; }

    /// <summary>The publisher's SSRC, learned from its first packet (a new one replaces it: encoder restart).</summary>
    public uint? PublisherSsrc { get; set; }

    /// <summary>Highest sequence number seen, extended with its wrap count (for our receiver reports).</summary>
    public uint ExtendedHighestSequence { get; private set; }

    public uint PacketsReceived { get; private set; }

    /// <summary>Middle 32 bits of the NTP time of the publisher's last SR, and when it arrived.</summary>
    public uint LastSenderReport { get; set; }

    public DateTimeOffset LastSenderReportAt { get; set; }

    public void CountReceived(ushort sequenceNumber)
    {
        var cycles = ExtendedHighestSequence & 0xFFFF0000;
        var highest = (ushort)ExtendedHighestSequence;
        if (PacketsReceived == 0)
        {
            ExtendedHighestSequence = sequenceNumber;
        }
        else if ((short)(sequenceNumber - highest) > 0)
        {
            if (sequenceNumber < highest)
            {
                cycles += 0x10000;
            }

            ExtendedHighestSequence = cycles | sequenceNumber;
        }

        PacketsReceived++;
    }

    /// <summary>Whether <paramref name="payload"/> starts a keyframe of this track's codec.</summary>
    public bool StartsKeyframe(ReadOnlySpan<byte> payload)
    {
        if (IsVp8)
        {
            return Vp8PayloadDescriptor.TryParse(payload, out var descriptor) && descriptor.IsKeyframe;
        }

        return IsH264 && H264Payload.IsKeyframe(payload);
    }
}
