namespace MyVid.Platform.Storage;

/// <summary>One part of an unfinished multipart upload, as the store holds it.</summary>
public sealed record UploadedPart(int PartNumber, string ETag, long Size);
