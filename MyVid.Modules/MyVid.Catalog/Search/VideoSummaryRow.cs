using MyVid.Catalog.Persistence;

namespace MyVid.Catalog.Search;

/// <summary>The columns a result list needs; read straight from SQL, without tracking.</summary>
internal sealed class VideoSummaryRow
{
    public required string Id { get; init; }

    public VideoKind Kind { get; init; }

    public required string Title { get; init; }

    public required string Description { get; init; }

    public string? PreviewUrl { get; init; }

    public string? PreviewObjectKey { get; init; }

    public double? DurationSeconds { get; init; }
}
