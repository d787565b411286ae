namespace MyVid.Media.Recording.WebM;

/// <summary>The tracks and limits of one WebM (or, with H.264, Matroska) file.</summary>
internal sealed record WebmSettings
{
    public bool HasVideo { get; init; } = true;

    /// <summary>H.264 makes the file Matroska (WebM allows VP8/VP9/AV1 only): DocType <c>matroska</c>, <c>V_MPEG4/ISO/AVC</c>.</summary>
    public RecordedVideoCodec VideoCodec { get; init; }

    /// <summary>The video track's CodecPrivate: H.264's AVCDecoderConfigurationRecord (none for VP8).</summary>
    public byte[]? VideoCodecPrivate { get; init; }

    public int Width { get; init; }

    public int Height { get; init; }

    public bool HasAudio { get; init; } = true;

    public int AudioChannels { get; init; } = 2;

    /// <summary>Samples the Opus decoder drops at the start (OpusHead pre-skip, at 48 kHz); libopus' usual 312.</summary>
    public int OpusPreSkip { get; init; } = 312;

    public DateTimeOffset? StartedAt { get; init; }

    public string? Title { get; init; }

    public string App { get; init; } = "MyVid";

    /// <summary>A new cluster at least this often, as well as at each video keyframe.</summary>
    public int ClusterMaxMs { get; init; } = 5000;

    /// <summary>A new cluster once one holds this many bytes: bounds the cluster buffer and how far a part overshoots its size.</summary>
    public int ClusterMaxBytes { get; init; } = 4 * 1024 * 1024;
}
