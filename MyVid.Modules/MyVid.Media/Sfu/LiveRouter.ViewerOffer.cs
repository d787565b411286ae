using MyVid.Media.Transport;
using MyVid.WebRtc.Peer;
using MyVid.WebRtc.Sdp;

namespace MyVid.Media.Sfu;

/// <summary>The outcome of a viewer's own offer (WHEP): our answer, or why it was refused.</summary>
internal sealed record ViewerAnswerResult(LivePeer? Peer, string? AnswerSdp, string? Error, bool Fatal);

internal sealed partial class LiveRouter
{
    /// <summary>
    /// Answers a viewer's recvonly offer (a WHEP player offers, where Appendix D has the node offer): the first audio
    /// and the first video section get the stream's tracks, in the viewer's payload types and extension ids; the
    /// answer carries our candidate. Loop thread.
    /// </summary>
    public ViewerAnswerResult JoinWithOffer(string streamId, SessionDescription offer, IPeerObserver observer, DateTimeOffset now)
    {
        if (FindJoinable(streamId) is { } refused)
        {
            return new ViewerAnswerResult(null, null, refused.Error, Fatal: true);
        }

        var stream = _streams[streamId];
        var connection = PeerConnection.CreateServer(_settings);
        connection.AddHostCandidate(_loop.AdvertisedEndPoint);
        var options = new AnswerOptions(ViewerCapabilities(stream), connection.LocalTransport, NextOrigin());
        var placed = new Dictionary<string, StreamTrack>(StringComparer.Ordinal);
        foreach (var track in stream.Tracks)
        {
            var section = offer.Media.FirstOrDefault(m => m.Kind == track.Kind && m.Mid is not null && !m.IsRejected && !placed.ContainsKey(m.Mid));
            if (section is not null)
            {
                placed.Add(section.Mid!, track);
                options.Directions[track.Kind] = MediaDirection.SendOnly;
                options.SendTracks[section.Mid!] = StreamNegotiation.SendTrackOf(stream, track);
            }
        }

        var result = SdpAnswerBuilder.Build(offer, options);
        var error = result.Error;
        if (result.Success)
        {
            if (placed.Count == 0 || !result.Answer.Media.Any(m => !m.IsRejected && placed.ContainsKey(m.Mid!) && m.Direction == MediaDirection.SendOnly))
            {
                error = "the offer receives none of the stream's tracks (offer recvonly audio and video sections with its codecs)";
            }
            else if (!connection.TryApply(offer, result.Answer, localIsOfferer: false, out var applyError))
            {
                error = applyError;
            }
        }

        if (error is not null)
        {
            connection.Dispose();
            return new ViewerAnswerResult(null, null, error, Fatal: false);
        }

        var peer = AddViewer(stream, connection, observer, now);
        var viewer = (Viewer)peer.Owner!;
        var unusedId = UnusedExtensionId(connection.Negotiation!);
        foreach (var media in connection.Negotiation!.Media)
        {
            if (media is { Accepted: true, Direction: MediaDirection.SendOnly or MediaDirection.SendRecv } && placed.TryGetValue(media.Mid, out var track)
                && media.Codecs.FirstOrDefault(c => !c.Codec.IsRtx) is { } primary)
            {
                var rtx = media.Codecs.FirstOrDefault(c => c.Codec.IsRtx)?.RemotePayloadType;
                // The publisher's MID values name its own sections, not the viewer's (a WHEP player numbers its own): the
                // element moves to an id the viewer does not use, so it is ignored and the viewer demultiplexes by SSRC.
                var extensions = track.Extmaps.Select(e => (Publisher: e.Id,
                        Viewer: e.Uri == LocalCapabilities.SdesMid ? unusedId : media.Extmaps.FirstOrDefault(v => v.Uri == e.Uri)?.RemoteId ?? 0))
                    .Where(e => e.Publisher is > 0 and < 256 && e.Viewer is > 0 and < 256)
                    .Select(e => ((byte)e.Publisher, (byte)e.Viewer));
                viewer.Rewrites[track.Index] = TrackRewrite.Create([(track.Codec.PayloadType, primary.RemotePayloadType)], extensions, rtx);
            }
        }

        viewer.Negotiated = true;
        return new ViewerAnswerResult(peer, SdpWriter.Write(result.Answer), null, Fatal: false);
    }

    /// <summary>A one-byte header extension id no section of the viewer's bundle uses (0 when all 14 are taken).</summary>
    private static int UnusedExtensionId(NegotiationResult negotiation)
    {
        var used = negotiation.Media.SelectMany(m => m.Extmaps).Select(e => e.RemoteId).ToHashSet();
        return Enumerable.Range(1, 14).FirstOrDefault(id => !used.Contains(id));
    }

    /// <summary>Exactly the stream's codecs (with RTX where it has it) and header extensions: a viewer gets what the publisher sends.</summary>
    private static LocalCapabilities ViewerCapabilities(LiveStream stream)
    {
        var capabilities = new LocalCapabilities();
        foreach (var track in stream.Tracks)
        {
            var codec = new CodecCapability(track.Kind, track.Codec.Name, track.Codec.ClockRate, track.Codec.Channels) { Rtx = track.Rtx is not null };
            foreach (var parameter in track.Codec.Parameters)
            {
                codec.Parameters.Add(parameter);
            }

            foreach (var feedback in track.Codec.Feedback.Where(f => f != "transport-cc"))
            {
                codec.Feedback.Add(feedback);
            }

            capabilities.Codecs.Add(codec);
            foreach (var extmap in track.Extmaps)
            {
                capabilities.HeaderExtensions.Add(extmap.Uri);
            }
        }

        capabilities.HeaderExtensions.Remove(LocalCapabilities.TransportWideCc);
        return capabilities;
    }
}
