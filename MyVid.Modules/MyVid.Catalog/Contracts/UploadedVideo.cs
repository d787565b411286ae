namespace MyVid.Catalog.Contracts;

/// <summary>An uploaded video as the catalogue holds it, with the probe's findings once it ran.</summary>
public sealed record UploadedVideo(
    string Id,
    bool IsPublic,
    string? VideoObjectKey,
    string? PreviewObjectKey,
    VideoProbeResult? Probe);
