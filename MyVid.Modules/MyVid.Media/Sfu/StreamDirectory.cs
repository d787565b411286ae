using System.Collections.Concurrent;
using System.Diagnostics;
using MyVid.Media.Control;

namespace MyVid.Media.Sfu;

/// <summary>What the signalling sessions and the reporter see of a live stream; updated by the loop, read anywhere.</summary>
internal sealed class StreamInfo(string streamId)
{
    private int _viewers;
    private volatile string? _videoId;
    private volatile bool _ended;

    public string StreamId { get; } = streamId;

    /// <summary>The catalogue ID once <c>LIVE</c> registered the stream.</summary>
    public string? VideoId
    {
        get => _videoId;
        set => _videoId = value;
    }

    public int Viewers
    {
        get => Volatile.Read(ref _viewers);
        set => Volatile.Write(ref _viewers, value);
    }

    public bool Ended
    {
        get => _ended;
        set => _ended = value;
    }

    /// <summary>The publisher's session activity: its trace id is the stream's correlation id in every node's logs.</summary>
    public Activity? Trace { get; init; }

    /// <summary>The count last reported to the catalogue (reporter only).</summary>
    public int ReportedViewers { get; set; } = -1;
}

/// <summary>The node's live streams by stream id, for every thread; also the load its heartbeats report.</summary>
internal sealed class StreamDirectory : IMediaLoad
{
    private readonly ConcurrentDictionary<string, StreamInfo> _streams = new(StringComparer.Ordinal);

    public StreamInfo Add(string streamId, Activity? trace) => _streams.GetOrAdd(streamId, id => new StreamInfo(id) { Trace = trace });

    public bool TryGet(string streamId, out StreamInfo info) => _streams.TryGetValue(streamId, out info!);

    public void Remove(string streamId) => _streams.TryRemove(streamId, out _);

    public IEnumerable<StreamInfo> All => _streams.Values;

    public int Count => _streams.Count;

    public int TotalViewers => _streams.Values.Sum(s => s.Viewers);

    int IMediaLoad.Streams => Count;

    int IMediaLoad.Viewers => TotalViewers;
}
