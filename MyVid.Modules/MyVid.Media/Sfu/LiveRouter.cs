using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyVid.Media.Transport;
using MyVid.Platform.Ids;
using MyVid.WebRtc.Peer;
using MyVid.WebRtc.Sdp;

namespace MyVid.Media.Sfu;

/// <summary>
/// The SFU on the loop thread: the streams by id, the commands sessions post (publish, join, answer, leave) and
/// the loop's packets and events routed to the right stream.
/// </summary>
internal sealed partial class LiveRouter : IMediaLoopHandler, IPacketSender
{
    /// <summary>The error a join gets when the stream is full (the signalling relays tell it apart from an unknown stream).</summary>
    public const string ViewerLimitReached = "the stream has reached its viewer limit";

    private readonly MediaLoop _loop;
    private readonly StreamDirectory _directory;
    private readonly PeerSettings _settings;
    private readonly MediaOptions _options;
    private readonly ILogger<LiveRouter> _logger;
    private readonly Dictionary<string, LiveStream> _streams = new(StringComparer.Ordinal);
    private readonly byte[] _scratch = new byte[MediaLoop.BufferSize];
    private long _sessionVersion;

    public LiveRouter(MediaLoop loop, StreamDirectory directory, PeerSettings settings, IOptions<MediaOptions> options, ILogger<LiveRouter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _loop = loop;
        _directory = directory;
        _settings = settings;
        _options = options.Value;
        _logger = logger;
    }

    public MediaLoop Loop => _loop;

    /// <summary>Packets forwarded to viewers since start (all streams).</summary>
    public long PacketsForwarded { get; private set; }

    /// <summary>Packets retransmitted for viewers' NACKs since start (all streams).</summary>
    public long PacketsRetransmitted { get; private set; }

    public SfuCounters Counters { get; } = new();

    /// <summary>
    /// Answers a publisher's offer (Appendix C) and opens a stream for it; <paramref name="trace"/> (its session's
    /// activity) correlates what is logged about the stream. Loop thread.
    /// </summary>
    public PublishResult Publish(SessionDescription offer, IPeerObserver observer, Activity? trace)
    {
        var connection = PeerConnection.CreateServer(_settings);
        connection.AddHostCandidate(_loop.AdvertisedEndPoint);
        var options = new AnswerOptions(StreamNegotiation.PublisherCapabilities(offer), connection.LocalTransport, NextOrigin());
        var result = SdpAnswerBuilder.Build(offer, options);
        string? error = result.Error;
        if (result.Success)
        {
            StreamNegotiation.KeepOneCodecPerSection(result.Answer);
            if (!result.Answer.Media.Any(m => !m.IsRejected && m.Kind is MediaKind.Audio or MediaKind.Video
                && m.Direction is MediaDirection.RecvOnly or MediaDirection.SendRecv))
            {
                error = "the offer sends no audio or video (add tracks with direction sendonly or sendrecv)";
            }
            else if (!connection.TryApply(offer, result.Answer, localIsOfferer: false, out var applyError))
            {
                error = applyError;
            }
        }

        if (error is not null)
        {
            connection.Dispose();
            return new PublishResult(null, null, null, null, error);
        }

        var tracks = StreamNegotiation.BuildTracks(connection.Negotiation!, result.Answer);
        var info = _directory.Add(NewStreamId(), trace);
        var peer = new LivePeer(connection, observer);
        var stream = new LiveStream(info, peer, tracks, this, _scratch, (ulong)_options.PublisherMaxBitrate, Counters);
        peer.Owner = stream;
        _streams.Add(info.StreamId, stream);
        _loop.AddPeer(peer);
        using var scope = StreamLogScope.Begin(_logger, info);
        LogPublished(_logger, info.StreamId, tracks.Length);
        return new PublishResult(peer, info, SdpWriter.Write(result.Answer), connection.LocalTransport.Candidates[0], null);
    }

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
        };
        peer.Owner = viewer;
        stream.Viewers.Add(viewer);
        stream.Info.Viewers = stream.Viewers.Count;
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
                stream.OnViewerRtcp(viewer, packet, now);
                PacketsRetransmitted += stream.PacketsRetransmitted - before;
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
                viewer.Stream.RequestKeyframe(now); // the first frame must not wait for a periodic keyframe
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

    private void LogConnected(string role, StreamInfo stream, MyVid.WebRtc.Srtp.SrtpProfile? profile)
    {
        using var scope = StreamLogScope.Begin(_logger, stream);
        LogConnected(_logger, role, stream.StreamId, profile);
    }

    private SdpOrigin NextOrigin() =>
        SdpOrigin.Anonymous(Random.Shared.NextInt64(1, long.MaxValue).ToString(CultureInfo.InvariantCulture), (ulong)Interlocked.Increment(ref _sessionVersion));

    private static string NewStreamId() => ShortId.New();

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream {StreamId} opened with {Tracks} tracks")]
    private static partial void LogPublished(ILogger logger, string streamId, int tracks);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream {StreamId}: {Role} connected ({Profile})")]
    private static partial void LogConnected(ILogger logger, string role, string streamId, MyVid.WebRtc.Srtp.SrtpProfile? profile);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream {StreamId}: a viewer left ({Reason}); its first keyframe came {FirstFrameMs:F0} ms after join, {Retransmitted} retransmitted, {Skipped} skipped")]
    private static partial void LogViewerLeft(ILogger logger, string streamId, double firstFrameMs, int retransmitted, int skipped, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream {StreamId}: dropping viewer {Ufrag}, {Skipped} packets could not be sent")]
    private static partial void LogLagging(ILogger logger, string streamId, string ufrag, int skipped);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream {StreamId} ended ({Reason}); {Forwarded} packets forwarded")]
    private static partial void LogEnded(ILogger logger, string streamId, string reason, long forwarded);
}
