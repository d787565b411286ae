using System.Collections.Concurrent;
using MyVid.Media.Catalog;
using MyVid.Signalling.Contracts;

namespace MyVid.Media.Tests.Harness;

/// <summary>The catalogue in memory: records every call the node makes.</summary>
internal sealed class FakeMediaCatalog : IMediaCatalog
{
    private int _next;

    public ConcurrentQueue<(string Title, string Description, string StreamId, string Id)> Created { get; } = new();

    public ConcurrentQueue<(string VideoId, int Viewers)> ViewerReports { get; } = new();

    public ConcurrentQueue<string> Ended { get; } = new();

    public ConcurrentQueue<(string VideoId, LiveRecordingRequest Recording)> Recordings { get; } = new();

    public Task<string> CreateLiveAsync(string title, string description, string streamId, CancellationToken cancellationToken)
    {
        var id = "live" + Interlocked.Increment(ref _next);
        Created.Enqueue((title, description, streamId, id));
        return Task.FromResult(id);
    }

    public Task ReportViewersAsync(string videoId, int viewers, CancellationToken cancellationToken)
    {
        ViewerReports.Enqueue((videoId, viewers));
        return Task.CompletedTask;
    }

    public Task MarkEndedAsync(string videoId, CancellationToken cancellationToken)
    {
        Ended.Enqueue(videoId);
        return Task.CompletedTask;
    }

    public Task MoveLiveAsync(string videoId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the test node has no control link to fail over");

    public Task AttachRecordingAsync(string videoId, LiveRecordingRequest recording, CancellationToken cancellationToken)
    {
        Recordings.Enqueue((videoId, recording));
        return Task.CompletedTask;
    }
}
