using MyVid.Signalling.Contracts;

namespace MyVid.Media.Catalog;

/// <summary>
/// Stands in until the control link registers the endpoint's media API (<c>Control/</c>): streams still forward,
/// but <c>LIVE</c> is answered with an error since there is no catalogue to register them in.
/// </summary>
internal sealed class UnconfiguredMediaCatalog : IMediaCatalog
{
    public Task<string> CreateLiveAsync(string title, string description, string streamId, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("no endpoint media API is configured on this media node");

    public Task ReportViewersAsync(string videoId, int viewers, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task MarkEndedAsync(string videoId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task MoveLiveAsync(string videoId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task AttachRecordingAsync(string videoId, LiveRecordingRequest recording, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("no endpoint media API is configured on this media node");
}
