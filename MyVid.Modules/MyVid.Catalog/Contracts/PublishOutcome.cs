namespace MyVid.Catalog.Contracts;

public enum PublishOutcome
{
    /// <summary>The video is public now (or already was: publishing is idempotent).</summary>
    Published,

    /// <summary>There is no such video (it expired and was cleaned up, or never existed).</summary>
    NotFound,
}
