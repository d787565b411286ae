using Microsoft.Extensions.Logging;
using MyVid.Media.Transport;

namespace MyVid.Media.Sfu;

/// <summary>Leaving: a viewer frees what it held (its first-keyframe time logged); a publisher leaving ends its stream for every viewer.</summary>
internal sealed partial class LiveRouter
{
    /// <summary>A session ended (its socket closed): a publisher ends its stream, a viewer frees what it held. Loop thread.</summary>
    public void Leave(LivePeer peer, string reason)
    {
        switch (peer.Owner)
        {
            case LiveStream stream:
                End(stream, reason);
                break;
            case Viewer viewer:
                RemoveViewer(viewer, reason);
                break;
        }
    }

    private void RemoveViewer(Viewer viewer, string reason)
    {
        if (!viewer.Stream.Viewers.Remove(viewer))
        {
            return;
        }

        viewer.Stream.Info.Viewers = viewer.Stream.Viewers.Count;
        if (viewer.FirstKeyframeAt is { } first)
        {
            using var scope = StreamLogScope.Begin(_logger, viewer.Stream.Info);
            LogViewerLeft(_logger, viewer.Stream.Id, (first - viewer.JoinedAt).TotalMilliseconds, viewer.Retransmitted, viewer.Skipped, reason);
        }

        _loop.RemovePeer(viewer.Peer);
        viewer.Peer.Observer.Closed(reason);
    }

    private void End(LiveStream stream, string reason)
    {
        if (stream.Ended)
        {
            return;
        }

        stream.Ended = true;
        stream.Info.Ended = true;
        foreach (var viewer in stream.Viewers.ToArray())
        {
            RemoveViewer(viewer, "ended");
        }

        _streams.Remove(stream.Id);
        _directory.Remove(stream.Id);
        _loop.RemovePeer(stream.Publisher);
        stream.Publisher.Observer.Closed(reason);
        stream.Dispose();
        using var scope = StreamLogScope.Begin(_logger, stream.Info);
        LogEnded(_logger, stream.Id, reason, stream.PacketsForwarded);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream {StreamId}: a viewer left ({Reason}); its first keyframe came {FirstFrameMs:F0} ms after join, {Retransmitted} retransmitted, {Skipped} skipped")]
    private static partial void LogViewerLeft(ILogger logger, string streamId, double firstFrameMs, int retransmitted, int skipped, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream {StreamId} ended ({Reason}); {Forwarded} packets forwarded")]
    private static partial void LogEnded(ILogger logger, string streamId, string reason, long forwarded);
}
