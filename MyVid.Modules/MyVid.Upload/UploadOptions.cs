namespace MyVid.Upload;

/// <summary>Bound from <c>Upload</c>; validated at start by <see cref="UploadOptionsValidator"/>.</summary>
public sealed class UploadOptions
{
    public const string Section = "Upload";

    /// <summary>Largest video a client may declare (<c>VideoSize</c>).</summary>
    public long MaxVideoBytes { get; set; } = 8L * 1024 * 1024 * 1024;

    /// <summary>Largest preview image a client may declare (<c>PreviewSize</c>), and the largest accepted at publish.</summary>
    public long MaxPreviewBytes { get; set; } = 10L * 1024 * 1024;

    /// <summary>A video declared larger than this is uploaded in parts (S3 multipart), so an interrupted upload resumes.</summary>
    public long MultipartThreshold { get; set; } = 64L * 1024 * 1024;

    /// <summary>Size of each part but the last; S3 needs at least 5 MiB.</summary>
    public long PartSize { get; set; } = 16L * 1024 * 1024;

    /// <summary>How long the upload URLs handed out stay valid; the parts call hands out fresh ones.</summary>
    public TimeSpan UrlLifetime { get; set; } = TimeSpan.FromHours(2);

    /// <summary>An upload never published is deleted (catalogue entry, objects, unfinished parts) this long after it began.</summary>
    public TimeSpan Expiry { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often the cleanup looks for expired uploads.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(10);

    public ProbeOptions Probe { get; set; } = new();
}

/// <summary>The job that runs after publishing: ffprobe for duration, size and codecs; ffmpeg for a poster frame.</summary>
public sealed class ProbeOptions
{
    public bool Enabled { get; set; } = true;

    public string FfprobePath { get; set; } = "ffprobe";

    public string FfmpegPath { get; set; } = "ffmpeg";

    /// <summary>Longest one ffprobe or ffmpeg run may take before it is killed and recorded as a failure.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Published videos waiting to be probed; beyond this a video is left unprobed (and logged).</summary>
    public int QueueCapacity { get; set; } = 256;
}
