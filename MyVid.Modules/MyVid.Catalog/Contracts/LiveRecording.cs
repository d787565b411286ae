namespace MyVid.Catalog.Contracts;

/// <summary>What a media node stored of an ended live stream: the entry becomes a stored <c>MYVID</c> video.</summary>
public sealed record LiveRecording(string VideoObjectKey, string? PreviewObjectKey, double? DurationSeconds, bool CutShort);
