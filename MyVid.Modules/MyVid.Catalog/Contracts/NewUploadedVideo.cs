namespace MyVid.Catalog.Contracts;

/// <summary>A video being uploaded: its object keys are fixed before the bytes arrive.</summary>
public sealed record NewUploadedVideo(string Id, string Title, string Description, string VideoObjectKey, string? PreviewObjectKey);
