namespace MyVid.Catalog.Import;

/// <summary>What MyVid keeps of one media.ccc.de (voctoweb) event.</summary>
internal sealed record CccEvent(
    string Guid,
    string Title,
    string Description,
    IReadOnlyList<string> Persons,
    IReadOnlyList<string> Tags,
    string? ConferenceTitle,
    string? ThumbUrl,
    double? DurationSeconds,
    IReadOnlyList<CccRecording> Recordings);

internal sealed record CccRecording(string MimeType, string Url, bool HighQuality, int Height, string? Folder);
