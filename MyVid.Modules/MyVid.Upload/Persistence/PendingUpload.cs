namespace MyVid.Upload.Persistence;

/// <summary>
/// One upload, from NEWVIDEOUPLOAD until it is published or expires. Only the token's hash is kept: the token
/// itself went to the uploader alone.
/// </summary>
internal sealed class PendingUpload
{
    public required string Id { get; set; }

    /// <summary>SHA-256 of the upload token, hex.</summary>
    public required string TokenHash { get; set; }

    public required string VideoObjectKey { get; set; }

    public required string VideoContentType { get; set; }

    public string? PreviewObjectKey { get; set; }

    public string? PreviewContentType { get; set; }

    /// <summary>The store's multipart upload id when the video comes in parts; null for a single PUT.</summary>
    public string? MultipartUploadId { get; set; }

    public long? PartSize { get; set; }

    public int? PartCount { get; set; }

    /// <summary>The size the client declared, when it did.</summary>
    public long? VideoBytes { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    /// <summary>After this an unpublished upload is deleted by the cleanup.</summary>
    public DateTime ExpiresAtUtc { get; set; }

    public DateTime? PublishedAtUtc { get; set; }
}
