using MyVid.Signalling.Contracts;

namespace MyVid.Media.Catalog;

/// <summary>
/// What the media node asks of the catalogue, through an endpoint's media API (docs/protocol/media-nodes.md);
/// the media node never touches the database itself.
/// </summary>
internal interface IMediaCatalog
{
    /// <summary>Creates the public <c>WebRTC</c> catalogue entry of a live stream; returns its catalogue ID.</summary>
    Task<string> CreateLiveAsync(string title, string description, string streamId, CancellationToken cancellationToken);

    Task ReportViewersAsync(string videoId, int viewers, CancellationToken cancellationToken);

    Task MarkEndedAsync(string videoId, CancellationToken cancellationToken);

    /// <summary>Points a live entry at the endpoint this node is attached to now (after it failed over and registered anew).</summary>
    Task MoveLiveAsync(string videoId, CancellationToken cancellationToken);

    /// <summary>Hands an ended stream's recording to the catalogue: the entry becomes a public <c>MYVID</c> video.</summary>
    Task AttachRecordingAsync(string videoId, LiveRecordingRequest recording, CancellationToken cancellationToken);
}
