namespace MyVid.Media.Recording.Storage;

/// <summary>What the upload task of a <see cref="MultipartRecordingSink"/> does next.</summary>
internal enum UploadJobKind
{
    Part,
    Complete,
}

/// <summary>One step of the upload: a part (number 1, or 0 for the next) from memory or the spool, or the completion.</summary>
internal sealed record UploadJob(UploadJobKind Kind, int Number, byte[] Buffer, int Length, long EndMs)
{
    public int Width { get; init; }

    public int Height { get; init; }

    public bool Provisional { get; init; }

    /// <summary>The part's bytes are on disk, not in <see cref="Buffer"/>.</summary>
    public SpooledPart? Spooled { get; init; }
}
