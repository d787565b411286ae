namespace MyVid.Catalog.Contracts;

/// <summary>
/// What other modules may change in the catalogue: uploads enter as private MYVID videos, become public when
/// published, and carry what the media probe found. Nothing else of the catalogue's tables is reachable.
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
}
