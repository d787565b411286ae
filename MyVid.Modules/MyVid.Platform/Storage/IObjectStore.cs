namespace MyVid.Platform.Storage;

/// <summary>
/// The one seam to object storage: S3 in production, local disk for the embedded default.
/// Browsers never stream bytes through MyVid when the store is S3: they use the signed URLs.
/// </summary>
public interface IObjectStore
{
    /// <summary>Creates the buckets if they are missing; called once at start.</summary>
    Task EnsureBucketsAsync(CancellationToken cancellationToken);

    Task PutAsync(ObjectBucket bucket, string key, Stream content, string contentType, CancellationToken cancellationToken);

    /// <summary>The object's size and type, or null when it does not exist.</summary>
    Task<StoredObject?> GetInfoAsync(ObjectBucket bucket, string key, CancellationToken cancellationToken);

    /// <summary>Reads up to <paramref name="buffer"/>'s length from the object's start (to check magic numbers).</summary>
    Task<int> ReadPrefixAsync(ObjectBucket bucket, string key, Memory<byte> buffer, CancellationToken cancellationToken);

    Task DeleteAsync(ObjectBucket bucket, string key, CancellationToken cancellationToken);

    /// <summary>The keys of the bucket's objects that start with <paramref name="prefix"/>, in no particular order.</summary>
    IAsyncEnumerable<string> ListKeysAsync(ObjectBucket bucket, string prefix, CancellationToken cancellationToken);

    /// <summary>A URL a browser can GET (with Range) until <paramref name="expiresAt"/>.</summary>
    Uri GetDownloadUrl(ObjectBucket bucket, string key, DateTimeOffset expiresAt);

    /// <summary>A URL a browser can PUT the object's bytes to until <paramref name="expiresAt"/>.</summary>
    Uri GetUploadUrl(ObjectBucket bucket, string key, string contentType, DateTimeOffset expiresAt);

    /// <summary>Begins a multipart upload (S3's resumable upload) and gives its id.</summary>
    Task<string> StartMultipartAsync(ObjectBucket bucket, string key, string contentType, CancellationToken cancellationToken);

    /// <summary>A URL a browser can PUT part <paramref name="partNumber"/> (1-based) to until <paramref name="expiresAt"/>.</summary>
    Uri GetPartUploadUrl(ObjectBucket bucket, string key, string uploadId, int partNumber, DateTimeOffset expiresAt);

    /// <summary>
    /// Stores part <paramref name="partNumber"/> (1-based) of a multipart upload from the server itself (S3's UploadPart), replacing
    /// any earlier upload of that part number. <paramref name="content"/> must be seekable (its length is sent first) and may be closed by the store; every part but
    /// the last must be at least 5 MiB on S3. Gives the part as <see cref="ListPartsAsync"/> will list it.
    /// </summary>
    Task<UploadedPart> UploadPartAsync(ObjectBucket bucket, string key, string uploadId, int partNumber, Stream content,
        CancellationToken cancellationToken);

    /// <summary>The parts stored so far, by part number; null when the store knows no such upload (completed or aborted).</summary>
    Task<IReadOnlyList<UploadedPart>?> ListPartsAsync(ObjectBucket bucket, string key, string uploadId, CancellationToken cancellationToken);

    /// <summary>Joins the given parts, in part-number order, into the object.</summary>
    Task CompleteMultipartAsync(ObjectBucket bucket, string key, string uploadId, IReadOnlyList<UploadedPart> parts, CancellationToken cancellationToken);

    /// <summary>Drops an unfinished multipart upload and its parts; an unknown upload is no error.</summary>
    Task AbortMultipartAsync(ObjectBucket bucket, string key, string uploadId, CancellationToken cancellationToken);

    /// <summary>Throws when the store cannot be reached; used by the health check.</summary>
    Task CheckAsync(CancellationToken cancellationToken);
}
