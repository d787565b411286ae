namespace MyVid.Platform.Storage;

/// <summary>What the store knows of one object.</summary>
public sealed record StoredObject(string Key, long Length, string ContentType);
