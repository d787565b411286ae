namespace MyVid.WebRtc.Sdp;

/// <summary>
/// Builds the offer of a server that sends to a viewer (JSEP RFC 9429 §5.2.1, the server being the offerer):
/// one sendonly m= section a track, all in one BUNDLE group with rtcp-mux, setup actpass, and our candidates
/// complete in the first section since a lite agent has no more to trickle.
/// </summary>
public static class SdpOfferBuilder
{
    public static SessionDescription Build(LocalTransport transport, SdpOrigin origin, IEnumerable<OfferedTrack> tracks)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(tracks);
        var offer = new SessionDescription { Origin = origin, IceLite = transport.IceLite };
        foreach (var track in tracks)
        {
            if (track.Codecs.Count == 0)
            {
                throw new ArgumentException("every offered track needs at least one codec", nameof(tracks));
            }

            var media = new MediaDescription
            {
                Media = track.Kind switch
                {
                    MediaKind.Audio => "audio",
                    MediaKind.Video => "video",
                    _ => throw new ArgumentException($"cannot offer an RTP track of kind {track.Kind}", nameof(tracks)),
                },
                Connection = SdpConnection.Unspecified,
                IceUfrag = transport.IceUfrag,
                IcePwd = transport.IcePwd,
                Setup = DtlsSetup.ActPass,
                Mid = track.Mid ?? offer.Media.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Direction = MediaDirection.SendOnly,
                RtcpMux = true,
                RtcpReducedSize = true,
            };
            media.Fingerprints.Add(transport.Fingerprint);
            foreach (var extmap in track.Extmaps)
            {
                media.Extmaps.Add(extmap);
            }

            foreach (var codec in track.Codecs)
            {
                media.Codecs.Add(codec.Clone());
            }

            track.Send.AddTo(media);
            offer.Media.Add(media);
        }

        if (offer.Media.Count > 0)
        {
            offer.Groups.Add(new SdpGroup(SdpGroup.Bundle, offer.Media.Select(m => m.Mid!)));
            foreach (var candidate in transport.Candidates)
            {
                offer.Media[0].Candidates.Add(candidate);
            }

            offer.Media[0].EndOfCandidates = transport.IceLite && transport.Candidates.Count > 0;
        }

        offer.MsidSemantic = string.Join(' ', offer.Media.Select(m => m.Msids[0].StreamId).Distinct().Prepend("WMS"));
        return offer;
    }
}
