using MyVid.Platform.Storage;

namespace MyVid.Media.Recording.Storage;

/// <summary>What <see cref="RecordingRecovery.CompleteAsync"/> did.</summary>
internal enum RecoveryOutcome
{
    /// <summary>The parts became the object: a playable file, shorter than the stream (no Cues, no Duration: a live-style WebM).</summary>
    CutShort,

    /// <summary>The upload had already been completed (the manifest was not updated yet): nothing to do.</summary>
    AlreadyComplete,

    /// <summary>No part had been uploaded: the upload was dropped, there is no file.</summary>
    Empty,
}

internal sealed record RecoveryResult(RecoveryOutcome Outcome, RecordingManifest Manifest);

/// <summary>
/// Completes the multipart upload of a recording whose recorder died (node crash, store failure) into a playable file.
/// Every part the recorder uploads ends with a whole cluster, part 1 first (a provisional copy with an unknown Segment
/// size, re-sent as it grows), so parts 1..n as the store lists them always form a valid live-style WebM: the file
/// stops at the last uploaded part. The store's list is the truth; the manifest only names the upload and tells the
/// duration each part reaches.
/// </summary>
internal static class RecordingRecovery
{
    private const long MinPartSize = 5 * 1024 * 1024;

    public static async Task<RecoveryResult> CompleteAsync(IObjectStore store, RecordingManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.State != RecordingManifestState.Recording)
        {
            return new RecoveryResult(RecoveryOutcome.AlreadyComplete, manifest);
        }
        var listed = await store.ListPartsAsync(manifest.Bucket, manifest.Key, manifest.UploadId, cancellationToken);
        if (listed is null)
        {
            // Completed (or aborted) before the manifest said so.
            var info = await store.GetInfoAsync(manifest.Bucket, manifest.Key, cancellationToken);
            var done = manifest with { State = RecordingManifestState.Completed, Length = info?.Length ?? 0 };
            if (info is not null)
            {
                await done.WriteAsync(store, cancellationToken);
                return new RecoveryResult(RecoveryOutcome.AlreadyComplete, done);
            }
            return new RecoveryResult(RecoveryOutcome.Empty, manifest);
        }

        // Parts 1..n without a hole; all but the last must be at least 5 MiB (S3's rule) - true of what the recorder uploads.
        var parts = new List<UploadedPart>();
        foreach (var part in listed.OrderBy(p => p.PartNumber))
        {
            if (part.PartNumber != parts.Count + 1 || (parts.Count > 0 && parts[^1].Size < MinPartSize))
            {
                break;
            }
            parts.Add(part);
        }
        if (parts.Count == 0)
        {
            await store.AbortMultipartAsync(manifest.Bucket, manifest.Key, manifest.UploadId, cancellationToken);
            return new RecoveryResult(RecoveryOutcome.Empty, manifest);
        }

        await store.CompleteMultipartAsync(manifest.Bucket, manifest.Key, manifest.UploadId, parts, cancellationToken);
        var known = manifest.Parts.ToDictionary(p => p.Number);
        var recovered = manifest with
        {
            State = RecordingManifestState.Recovered,
            Parts = parts.Select(p => new RecordingPart(p.PartNumber, p.Size, p.ETag,
                known.TryGetValue(p.PartNumber, out var k) && k.Size == p.Size ? k.EndMs : 0)).ToList(),
            Length = parts.Sum(p => p.Size),
        };
        recovered = recovered with { DurationMs = recovered.Parts.Max(p => p.EndMs) };
        await recovered.WriteAsync(store, cancellationToken);
        return new RecoveryResult(RecoveryOutcome.CutShort, recovered);
    }
}
