using MyVid.Platform.Storage;

namespace MyVid.Media.Recording;

/// <summary>One recording: where it goes, which tracks the publisher sends, and how much it may hold.</summary>
internal sealed record RecorderOptions
{
    /// <summary>The object key of the file, e.g. <c>{videoId}_live.webm</c> (<c>.mkv</c> for H.264); the manifest goes next to it.</summary>
    public required string Key { get; init; }

    public ObjectBucket Bucket { get; init; } = ObjectBucket.Videos;

    public bool HasVideo { get; init; } = true;

    public bool HasAudio { get; init; } = true;

    /// <summary>VP8 is recorded as WebM (<c>video/webm</c>), H.264 as Matroska (<c>video/x-matroska</c>).</summary>
    public RecordedVideoCodec VideoCodec { get; init; }

    /// <summary>The negotiated video payload type; packets of other types (RTX, FEC) are ignored. Null takes any.</summary>
    public byte? VideoPayloadType { get; init; }

    public byte? AudioPayloadType { get; init; }

    /// <summary>The catalogue ID, kept in the manifest for recovery.</summary>
    public string? VideoId { get; init; }

    /// <summary>The recording media node's name, kept in the manifest for recovery.</summary>
    public string? Node { get; init; }

    /// <summary>The stream's title, written into the file's Info.</summary>
    public string? Title { get; init; }

    /// <summary>Packets waiting for the recorder's task; beyond this the recording fails (never the stream).</summary>
    public int MaxQueuedPackets { get; init; } = 2048;

    /// <summary>Multipart part size: at least 5 MiB, S3's minimum.</summary>
    public int PartSize { get; init; } = 5 * 1024 * 1024;

    /// <summary>Parts cut but not yet stored beyond which the recording fails: how long a store outage is ridden out.</summary>
    public long MaxUploadBacklogBytes { get; init; } = 15L * 1024 * 1024;

    /// <summary>How long a failing store call is retried before the recording fails.</summary>
    public TimeSpan RetryFor { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Longest pause between two attempts of a failing store call (the backoff doubles up to it).</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>A folder of the node's own where parts wait while the store does not answer the upload's start; null keeps them in memory.</summary>
    public string? SpoolFolder { get; init; }

    /// <summary>Bytes the spool holds at most; beyond, its oldest parts are dropped and the recording is cut short.</summary>
    public long MaxSpoolBytes { get; init; } = 1024L * 1024 * 1024;

    /// <summary>While the first part fills, a provisional copy is stored this often, so a crash early in a stream loses little.</summary>
    public TimeSpan ProvisionalInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Reports store failures (retried) and the recording's failure. Called on the recorder's own tasks.</summary>
    public Action<RecordingProblem>? OnProblem { get; init; }

    /// <summary>Called (on the upload task) once the store answered the upload's start: the recording is being stored.</summary>
    public Action? OnStarted { get; init; }

    /// <summary>Called (on the recorder's task, at most once a second) when the video needs a keyframe; see <see cref="Recorder.TakeKeyframeRequest"/>.</summary>
    public Action? OnKeyframeNeeded { get; init; }

    /// <summary>Tests may go below 5 MiB parts (the local store allows it; S3 does not).</summary>
    internal bool AllowSmallParts { get; init; }
}
