namespace MyVid.Catalog.Contracts;

/// <summary>What ffprobe found in a stored video; <see cref="Error"/> says why probing failed, when it did.</summary>
public sealed record VideoProbeResult(
    double? DurationSeconds,
    int? Width,
    int? Height,
    string? VideoCodec,
    string? AudioCodec,
    string? Error);
