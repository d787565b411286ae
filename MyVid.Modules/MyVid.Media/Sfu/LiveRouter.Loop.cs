using Microsoft.Extensions.Logging;
using MyVid.Media.Transport;
using MyVid.WebRtc.Peer;

namespace MyVid.Media.Sfu;

/// <summary>The loop's side (<see cref="IMediaLoopHandler"/>, <see cref="IPacketSender"/>): packets, peer events and ticks routed to the right stream.</summary>
internal sealed partial class LiveRouter
{
    public void OnRtp(LivePeer peer, Span<byte> packet, DateTimeOffset now)
    {
        if (peer.Owner is LiveStream stream)
        {
            var before = stream.PacketsForwarded;
            stream.OnPublisherRtp(packet, now);
            PacketsForwarded += stream.PacketsForwarded - before;
        }
    }

    public void OnRtcp(LivePeer peer, Span<byte> packet, DateTimeOffset now)
    {
        switch (peer.Owner)
        {
            case LiveStream stream:
                stream.OnPublisherRtcp(packet, now);
                break;
            case Viewer { Stream: var stream } viewer:
                var before = stream.PacketsRetransmitted;
                var resent = Counters.KeyframesResent;
                stream.OnViewerRtcp(viewer, packet, now);
                PacketsRetransmitted += stream.PacketsRetransmitted - before;
                if (Counters.KeyframesResent != resent)
                {
                    using var scope = StreamLogScope.Begin(_logger, stream.Info);
                    LogKeyframeResent(_logger, stream.Id, viewer.Peer.Ufrag, (now - viewer.FirstKeyframeAt!.Value).TotalMilliseconds);
                }

                break;
        }
    }

    public void OnPeerEvent(LivePeer peer, PeerEvent peerEvent, DateTimeOffset now)
    {
        switch (peerEvent.Kind, peer.Owner)
        {
            case (PeerEventKind.DtlsConnected, LiveStream stream):
                stream.PublisherConnected = true;
                LogConnected("publisher", stream.Info, peerEvent.Profile);
                peer.Observer.Connected();
                break;
            case (PeerEventKind.DtlsConnected, Viewer viewer):
                viewer.Connected = true;
                LogConnected("viewer", viewer.Stream.Info, peerEvent.Profile);
                LogKeyframeStart(viewer.Stream, viewer.Stream.OnViewerConnected(viewer, now)); // the first frame must not wait for a periodic keyframe
                peer.Observer.Connected();
                break;
            case (PeerEventKind.Closed, _):
                Leave(peer, peerEvent.Reason ?? "closed");
                break;
        }
    }

    public void OnTick(DateTimeOffset now)
    {
        foreach (var stream in _streams.Values)
        {
            stream.Tick(now);
            if (stream.Lagging.Count > 0)
            {
                foreach (var viewer in stream.Lagging.ToArray())
                {
                    using var scope = StreamLogScope.Begin(_logger, stream.Info);
                    LogLagging(_logger, stream.Id, viewer.Peer.Ufrag, viewer.Skipped);
                    RemoveViewer(viewer, "the viewer's link cannot keep up");
                }

                stream.Lagging.Clear();
            }
        }
    }

    bool IPacketSender.SendRtp(LivePeer peer, Span<byte> packet, int length) => _loop.SendRtp(peer, packet, length);

    bool IPacketSender.SendRtcp(LivePeer peer, Span<byte> packet, int length) => _loop.SendRtcp(peer, packet, length);

    private void LogConnected(string role, StreamInfo stream, MyVid.WebRtc.Srtp.SrtpProfile? profile)
    {
        using var scope = StreamLogScope.Begin(_logger, stream);
        LogConnected(_logger, role, stream.StreamId, profile);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream {StreamId}: {Role} connected ({Profile})")]
    private static partial void LogConnected(ILogger logger, string role, string streamId, MyVid.WebRtc.Srtp.SrtpProfile? profile);

    private void LogKeyframeStart(LiveStream stream, KeyframeStart? started)
    {
        if (started is not { } start)
        {
            return;
        }

        using var scope = StreamLogScope.Begin(_logger, stream.Info);
        if (start.FromCache)
        {
            LogStartFromCache(_logger, stream.Id, "cache", start.Packets, start.Octets, start.AgeMs);
        }
        else
        {
            LogStartFromPublisher(_logger, stream.Id, "publisher", start.Refused!, start.AgeMs);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream {StreamId}: viewer {Ufrag} asked for a keyframe {ResentAfterMs:F0} ms after its video started: the cached keyframe is sent again")]
    private static partial void LogKeyframeResent(ILogger logger, string streamId, string ufrag, double resentAfterMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream {StreamId}: a viewer's video starts from the {KeyframeFrom}: the latest keyframe and what followed, {Packets} packets ({Octets} octets) from {AgeMs:F0} ms ago")]
    private static partial void LogStartFromCache(ILogger logger, string streamId, string keyframeFrom, int packets, int octets, double ageMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream {StreamId}: a viewer's video waits for the {KeyframeFrom}: a keyframe requested, the cache's latest is not replayed ({Refused}; {AgeMs:F0} ms old)")]
    private static partial void LogStartFromPublisher(ILogger logger, string streamId, string keyframeFrom, string refused, double ageMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream {StreamId}: dropping viewer {Ufrag}, {Skipped} packets could not be sent")]
    private static partial void LogLagging(ILogger logger, string streamId, string ufrag, int skipped);
}
