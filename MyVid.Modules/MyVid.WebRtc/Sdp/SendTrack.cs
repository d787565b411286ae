namespace MyVid.WebRtc.Sdp;

/// <summary>
/// An RTP stream we send in an m= section: its SSRC, the RTX SSRC repairing it, and the CNAME (RFC 7022) and
/// msid (RFC 8830) that let the receiver put it in a MediaStream.
/// </summary>
public sealed record SendTrack(uint Ssrc, string Cname, Msid Msid, uint? RtxSsrc = null)
{
    /// <summary>Writes a=msid, a=ssrc-group:FID and the a=ssrc lines the way Chromium does.</summary>
    internal void AddTo(MediaDescription media)
    {
        media.Msids.Add(Msid);
        var msid = Msid.TrackId is { } track ? $"{Msid.StreamId} {track}" : Msid.StreamId;
        if (RtxSsrc is { } rtx)
        {
            media.SsrcGroups.Add(new SsrcGroup(SsrcGroup.Fid, [Ssrc, rtx]));
        }

        foreach (var ssrc in RtxSsrc is { } r ? new[] { Ssrc, r } : [Ssrc])
        {
            media.Ssrcs.Add(new SsrcLine(ssrc, "cname", Cname));
            media.Ssrcs.Add(new SsrcLine(ssrc, "msid", msid));
        }
    }
}
