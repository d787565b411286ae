using MyVid.Media.Transport;
using MyVid.WebRtc.Peer;
using MyVid.WebRtc.Sdp;

namespace MyVid.Media.Sfu;

/// <summary>Viewers joining: the node offers a stream's tracks (Appendix D), a viewer is added to its stream, its answer gives each track's rewrite.</summary>
internal sealed partial class LiveRouter
{
    /// <summary>Offers a stream's tracks to a new viewer (Appendix D). Loop thread.</summary>
    public JoinResult Join(string streamId, IPeerObserver observer, DateTimeOffset now)
    {
        if (FindJoinable(streamId) is { } refused)
        {
            return refused;
        }

        var stream = _streams[streamId];
        var connection = PeerConnection.CreateServer(_settings);
        connection.AddHostCandidate(_loop.AdvertisedEndPoint);
        var offer = connection.CreateOffer(NextOrigin(), stream.Tracks.Select(track => StreamNegotiation.OfferTrack(stream, track)));
        var peer = AddViewer(stream, connection, observer, now);
        return new JoinResult(peer, SdpWriter.Write(offer), connection.LocalTransport.Candidates[0], null, Fatal: false);
    }

    /// <summary>Why a viewer cannot join the stream (fatal), or null when it can.</summary>
    private JoinResult? FindJoinable(string streamId)
    {
        if (!_streams.TryGetValue(streamId, out var stream) || stream.Ended)
        {
            return new JoinResult(null, null, null, $"no live stream with StreamID '{streamId}' on this node (unknown or ended)", Fatal: true);
        }

        return stream.Viewers.Count >= _options.MaxViewersPerStream
            ? new JoinResult(null, null, null, ViewerLimitReached, Fatal: true)
            : null;
    }

    private LivePeer AddViewer(LiveStream stream, PeerConnection connection, IPeerObserver observer, DateTimeOffset now)
    {
        var peer = new LivePeer(connection, observer);
        var viewer = new Viewer(peer, stream, now)
        {
            Rewrites = new TrackRewrite?[stream.Tracks.Length],
            PacketsSent = new uint[stream.Tracks.Length],
            OctetsSent = new uint[stream.Tracks.Length],
            ReplayNext = new ushort?[stream.Tracks.Length],
            KeyframeResent = new ushort?[stream.Tracks.Length],
        };
        peer.Owner = viewer;
        stream.Viewers.Add(viewer);
        stream.Info.Viewers = stream.Viewers.Count;
        stream.OnViewerJoining(now);
        _loop.AddPeer(peer);
        return viewer.Peer;
    }

    /// <summary>Applies a viewer's answer; null, or why it cannot be used. Loop thread.</summary>
    public static string? AcceptAnswer(LivePeer peer, SessionDescription answer)
    {
        if (peer.IsClosed || peer.Owner is not Viewer viewer)
        {
            return "the stream has ended";
        }

        if (viewer.Negotiated)
        {
            return "an answer was already applied";
        }

        if (!peer.Connection.TryAcceptAnswer(answer, out var error))
        {
            return error;
        }

        var taken = 0;
        foreach (var track in viewer.Stream.Tracks)
        {
            var media = peer.Connection.Negotiation!.Media.FirstOrDefault(m => m.Mid == track.Mid);
            if (media is { Accepted: true, Direction: MediaDirection.SendOnly or MediaDirection.SendRecv }
                && media.Codecs.Any(c => c.LocalPayloadType == track.Codec.PayloadType))
            {
                viewer.Rewrites[track.Index] = TrackRewrite.Create(track, media);
                taken++;
            }
        }

        viewer.Negotiated = true;
        return taken == 0 ? "the answer takes none of the stream's tracks" : null;
    }
}
