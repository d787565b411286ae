namespace MyVid.Upload.Naming;

/// <summary>What a file claims to be, by its extension; publishing checks the bytes agree.</summary>
internal enum MediaKind
{
    /// <summary>ISO base media (mp4, mov): an <c>ftyp</c> box first.</summary>
    IsoMedia,

    /// <summary>Matroska (mkv, webm): the EBML magic 1A 45 DF A3.</summary>
    Matroska,

    Jpeg,
    Png,
    WebP,
}
