namespace MyVid.Catalog.Persistence;

/// <summary>
/// One entry of the MariaDB search index: a folded word (<see cref="Search.TextWords.Fold"/>) and a video it
/// occurs in. The key orders a term's videos by shorter title, then RandomKey (the ranking within a tier), so a
/// search reads only the first rows of a term, however many videos it is in. SQLite searches through FTS5 instead.
/// </summary>
internal sealed class VideoTerm
{
    /// <summary><see cref="TitlePrefix"/> or <see cref="Word"/>.</summary>
    public byte Field { get; set; }

    public required string Term { get; set; }

    /// <summary>The title's length in characters: the first ranking key.</summary>
    public short TitleLength { get; set; }

    public long RandomKey { get; set; }

    /// <summary>Term is a prefix (two or more characters, or the whole word) of a word in the title.</summary>
    public const byte TitlePrefix = 0;

    /// <summary>Term is a whole word of the title, description, speakers or tags.</summary>
    public const byte Word = 1;
}
