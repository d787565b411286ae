namespace MyVid.Media.Recording.Storage;

/// <summary>How a <see cref="MultipartRecordingSink"/> cuts and uploads.</summary>
internal sealed record SinkSettings
{
    public const int MinPartSize = 5 * 1024 * 1024;

    /// <summary>A part is cut at the first cluster end past this size (S3: at least 5 MiB but for the last).</summary>
    public int PartSize { get; init; } = MinPartSize;

    /// <summary>Bytes waiting for the store (parts cut but not yet stored) beyond which the recording fails.</summary>
    public long MaxBacklogBytes { get; init; } = 3L * MinPartSize;

    /// <summary>While part 1 is still filling, a provisional copy is uploaded this often (in media time), so a crash loses less.</summary>
    public long ProvisionalIntervalMs { get; init; } = 10_000;

    /// <summary>How long one store call is retried (with backoff) before the recording fails.</summary>
    public TimeSpan RetryFor { get; init; } = TimeSpan.FromMinutes(2);

    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Where parts wait on disk until the store answers the upload's start; null keeps them in memory (the backlog limit).</summary>
    public string? SpoolFolder { get; init; }

    /// <summary>Bytes the spool holds at most; beyond, its oldest parts are dropped (the file is cut short).</summary>
    public long MaxSpoolBytes { get; init; } = 1024L * 1024 * 1024;
}
