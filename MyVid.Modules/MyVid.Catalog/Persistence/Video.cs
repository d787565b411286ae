namespace MyVid.Catalog.Persistence;

/// <summary>One catalogue entry.</summary>
internal sealed class Video
{
    public required string Id { get; set; }

    public VideoKind Kind { get; set; }

    public VideoVisibility Visibility { get; set; }

    public required string Title { get; set; }

    public string Description { get; set; } = "";

    /// <summary>Searchable names of the people in the video, space separated.</summary>
    public string Speakers { get; set; } = "";

    /// <summary>Searchable tags, space separated.</summary>
    public string Tags { get; set; } = "";

    /// <summary>For <see cref="VideoKind.Http"/>: where the file is.</summary>
    public string? Url { get; set; }

    /// <summary>A preview image elsewhere (CCC thumbnails), when it is not in our store.</summary>
    public string? PreviewUrl { get; set; }

    /// <summary>For <see cref="VideoKind.MyVid"/>: the object in the videos bucket.</summary>
    public string? VideoObjectKey { get; set; }

    /// <summary>A preview image in the previews bucket.</summary>
    public string? PreviewObjectKey { get; set; }

    /// <summary>For <see cref="VideoKind.WebRtc"/>: the endpoint URL viewers connect to, and the stream on that media node.</summary>
    public string? ControlUrl { get; set; }

    public string? StreamId { get; set; }

    /// <summary>For a live entry: the viewer count its media node last reported.</summary>
    public int? Viewers { get; set; }

    /// <summary>When a live entry ended (it is private from then on, until a recording makes it a public MYVID video).</summary>
    public DateTime? EndedAtUtc { get; set; }

    /// <summary>Where an imported entry came from (e.g. <c>ccc:{guid}</c>), so a re-import updates instead of duplicating.</summary>
    public string? ExternalId { get; set; }

    public double? DurationSeconds { get; set; }

    /// <summary>A live recording that stops before the stream did (the media node died or the store failed).</summary>
    public bool CutShort { get; set; }

    /// <summary>Picture size and codecs of an uploaded video, as ffprobe found them after publishing.</summary>
    public int? Width { get; set; }

    public int? Height { get; set; }

    public string? VideoCodec { get; set; }

    public string? AudioCodec { get; set; }

    /// <summary>Why probing the uploaded file failed; null when it succeeded or has not run yet.</summary>
    public string? ProbeError { get; set; }

    public DateTime? ProbedAtUtc { get; set; }

    /// <summary>
    /// A random 62-bit number fixed at insert. It picks random selections through an index (no ORDER BY RANDOM()
    /// over the whole table) and is the full-text index's row id on SQLite.
    /// </summary>
    public long RandomKey { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }
}
