using MyVid.WebRtc.Peer;
using MyVid.WebRtc.Sdp;

namespace MyVid.Media.Sfu;

/// <summary>
/// What a stream's tracks are, from the publisher's offer: the codecs the node takes, one codec per section kept,
/// the tracks (with the node's own SSRCs) built from the negotiation, and each track offered to a viewer as it is.
/// </summary>
internal static class StreamNegotiation
{
    /// <summary>What the node takes from a publisher: Opus, and one video codec (VP8, else H.264) with RTX; REMB, no transport-cc.</summary>
    internal static LocalCapabilities PublisherCapabilities(SessionDescription offer)
    {
        var capabilities = LocalCapabilities.CreateDefault();
        var offersVp8 = offer.Media.Any(m => m.Kind == MediaKind.Video && m.Codecs.Any(c => c.Name.Equals("VP8", StringComparison.OrdinalIgnoreCase)));
        var drop = offersVp8 ? "H264" : "VP8";
        foreach (var codec in capabilities.Codecs.Where(c => c.Name.Equals(drop, StringComparison.OrdinalIgnoreCase)).ToList())
        {
            capabilities.Codecs.Remove(codec);
        }

        // Without transport-wide feedback of ours, Chromium's estimate rests on our RRs and REMB.
        foreach (var codec in capabilities.Codecs)
        {
            codec.Feedback.Remove("transport-cc");
        }

        capabilities.HeaderExtensions.Remove(LocalCapabilities.TransportWideCc);
        capabilities.HeaderExtensions.Remove(LocalCapabilities.RtpStreamId);
        capabilities.HeaderExtensions.Remove(LocalCapabilities.RepairedRtpStreamId);
        return capabilities;
    }

    /// <summary>The publisher sends with the first codec of the answer: keep only it (and its RTX), so viewers get exactly that.</summary>
    internal static void KeepOneCodecPerSection(SessionDescription answer)
    {
        foreach (var media in answer.Media.Where(m => !m.IsRejected && m.Codecs.Count > 0))
        {
            var primary = media.Codecs.FirstOrDefault(c => !c.IsRtx && !c.Name.Equals("red", StringComparison.OrdinalIgnoreCase)
                && !c.Name.Equals("ulpfec", StringComparison.OrdinalIgnoreCase));
            if (primary is null)
            {
                continue;
            }

            var keep = media.Codecs.Where(c => c == primary || (c.IsRtx && c.AssociatedPayloadType == primary.PayloadType)).ToList();
            media.Codecs.Clear();
            foreach (var codec in keep)
            {
                media.Codecs.Add(codec);
            }
        }
    }

    internal static StreamTrack[] BuildTracks(NegotiationResult negotiation, SessionDescription answer)
    {
        var tracks = new List<StreamTrack>();
        foreach (var media in negotiation.Media)
        {
            if (!media.Accepted || media.Kind is not (MediaKind.Audio or MediaKind.Video)
                || media.Direction is not (MediaDirection.RecvOnly or MediaDirection.SendRecv))
            {
                continue;
            }

            var section = answer.FindMedia(media.Mid)!;
            var primary = section.Codecs.FirstOrDefault(c => !c.IsRtx);
            if (primary is null)
            {
                continue;
            }

            var rtx = media.Kind == MediaKind.Video ? section.Codecs.FirstOrDefault(c => c.IsRtx && c.AssociatedPayloadType == primary.PayloadType) : null;
            var extmaps = media.Extmaps.Select(e => new Extmap(e.RemoteId, e.Uri)).ToList();
            tracks.Add(new StreamTrack(tracks.Count, media.Mid, media.Kind, primary.Clone(), rtx?.Clone(), extmaps, NewSsrc(), NewSsrc()));
        }

        return [.. tracks];
    }

    internal static OfferedTrack OfferTrack(LiveStream stream, StreamTrack track)
    {
        var offered = new OfferedTrack(track.Kind, SendTrackOf(stream, track)) { Mid = track.Mid };
        offered.Codecs.Add(track.Codec.Clone());
        if (track.Rtx is not null)
        {
            offered.Codecs.Add(track.Rtx.Clone());
        }

        foreach (var extmap in track.Extmaps)
        {
            offered.Extmaps.Add(extmap);
        }

        return offered;
    }

    /// <summary>The stream's SSRCs and msid for a track: the same for every viewer.</summary>
    internal static SendTrack SendTrackOf(LiveStream stream, StreamTrack track)
    {
        var name = track.IsVideo ? "video" : "audio";
        return new SendTrack(track.Ssrc, "myvid-" + stream.Id, new Msid("myvid-" + stream.Id, name + "-" + track.Mid), track.Rtx is null ? null : track.RtxSsrc);
    }

    private static uint NewSsrc() => (uint)Random.Shared.NextInt64(1, uint.MaxValue);
}
