namespace MyVid.Catalog.Persistence;

/// <summary>
/// A video's folded words as the MariaDB search index last saw them, each list written as " word word ": a search
/// checks its other words against these with one lookup per candidate, and re-indexing knows which
/// <see cref="VideoTerm"/> rows to delete. A video without this row is not indexed yet (the backfill finds it).
/// </summary>
internal sealed class VideoWords
{
    public long RandomKey { get; set; }

    public short TitleLength { get; set; }

    /// <summary>The title's distinct words.</summary>
    public required string TitleWords { get; set; }

    /// <summary>The distinct words of title, description, speakers and tags.</summary>
    public required string AllWords { get; set; }
}
