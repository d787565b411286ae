namespace MyVid.WebRtc.Rtcp;

/// <summary>PLI, PSFB FMT 1 (RFC 4585 §6.3.1): no FCI.</summary>
public readonly record struct PictureLossIndication(uint SenderSsrc, uint MediaSsrc)
{
    public const int Format = 1;
    public const int Length = RtcpFeedback.HeaderLength;

    public static bool TryParse(ReadOnlySpan<byte> data, out PictureLossIndication pli)
    {
        var ok = RtcpFeedback.TryParse(
            data, RtcpPacketType.PayloadSpecificFeedback, Format, out var sender, out var media, out _);
        pli = ok ? new PictureLossIndication(sender, media) : default;
        return ok;
    }

    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < Length)
        {
            return false;
        }

        RtcpFeedback.WriteHeader(destination, RtcpPacketType.PayloadSpecificFeedback, Format, Length, SenderSsrc, MediaSsrc);
        written = Length;
        return true;
    }
}
