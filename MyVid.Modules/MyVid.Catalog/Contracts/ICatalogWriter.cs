namespace MyVid.Catalog.Contracts;

/// <summary>
/// What other modules may change in the catalogue: uploads enter as private MYVID videos, become public when
/// published, and carry what the media probe found; live streams enter as public WebRTC entries, report their
/// viewers, end, and may become stored videos. Nothing else of the catalogue's tables is reachable.
/// </summary>
public interface ICatalogWriter
{
    /// <summary>Adds a private MYVID video; a retry with the same id and keys is a no-op (ids are client-generated).</summary>
    Task CreatePrivateUploadAsync(NewUploadedVideo video, CancellationToken cancellationToken);

    /// <summary>The uploaded video's state, or null when there is no such video.</summary>
    Task<UploadedVideo?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>Makes a video public; publishing a public one again is the same success.</summary>
    Task<PublishOutcome> PublishAsync(string id, CancellationToken cancellationToken);

    /// <summary>Deletes a video that was never published; a public one is left alone (returns false).</summary>
    Task<bool> DeletePrivateAsync(string id, CancellationToken cancellationToken);

    /// <summary>Records what ffprobe found, or why it failed (<see cref="VideoProbeResult.Error"/>).</summary>
    Task RecordProbeAsync(string id, VideoProbeResult result, CancellationToken cancellationToken);

    /// <summary>Sets the preview image (a poster frame taken from the video) when the video has none yet.</summary>
    Task<bool> SetPreviewIfMissingAsync(string id, string previewObjectKey, CancellationToken cancellationToken);

    /// <summary>Adds a public WebRTC entry (listed as live); a retry with the same id is a no-op.</summary>
    Task CreateLiveAsync(NewLiveVideo video, CancellationToken cancellationToken);

    /// <summary>Records a live entry's current viewer count; false when there is no such live (not ended) entry.</summary>
    Task<bool> UpdateLiveViewersAsync(string id, int viewers, CancellationToken cancellationToken);

    /// <summary>
    /// Marks a live entry ended: it is no longer listed and <c>GET /API/VIDEO/{ID}</c> answers 404 until a recording
    /// is attached. Ending an ended entry is the same success; false when there is no such live entry.
    /// </summary>
    Task<bool> MarkLiveEndedAsync(string id, CancellationToken cancellationToken);

    /// <summary>Points a live (not ended) entry at a new ControlURL (its media node failed over); false when there is none.</summary>
    Task<bool> MoveLiveAsync(string id, string controlUrl, CancellationToken cancellationToken);

    /// <summary>Turns a live entry (ended or not) into a public stored MYVID video; false when there is no such live entry.</summary>
    Task<bool> AttachRecordingAsync(string id, LiveRecording recording, CancellationToken cancellationToken);
}
