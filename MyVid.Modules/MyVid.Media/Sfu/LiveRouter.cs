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
/// The SFU on the loop thread: the streams by id and the commands sessions post: publish (here), join and answer
/// (<c>.Join.cs</c>, <c>.ViewerOffer.cs</c>), leave (<c>.Leave.cs</c>); the loop's packets, events and ticks routed to
/// the right stream (<c>.Loop.cs</c>).
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

    private SdpOrigin NextOrigin() =>
        SdpOrigin.Anonymous(Random.Shared.NextInt64(1, long.MaxValue).ToString(CultureInfo.InvariantCulture), (ulong)Interlocked.Increment(ref _sessionVersion));

    private static string NewStreamId() => ShortId.New();

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream {StreamId} opened with {Tracks} tracks")]
    private static partial void LogPublished(ILogger logger, string streamId, int tracks);
}
