using MyVid.Upload.Naming;

namespace MyVid.Upload.Verification;

/// <summary>The first bytes each accepted kind of file starts with; a text file named .mp4 does not pass.</summary>
internal static class FileMagic
{
    /// <summary>Enough bytes for every check below.</summary>
    public const int PrefixLength = 16;

    public static bool Matches(MediaKind kind, ReadOnlySpan<byte> prefix) => kind switch
    {
        // ISO BMFF: a 32-bit box size, then the box type; files start with 'ftyp' (old QuickTime may start with another top-level box).
        MediaKind.IsoMedia => prefix.Length >= 8 && IsIsoTopLevelBox(prefix[4..8]),
        MediaKind.Matroska => prefix.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]),
        MediaKind.Jpeg => prefix.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]),
        MediaKind.Png => prefix.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        MediaKind.WebP => prefix.Length >= 12 && prefix.StartsWith("RIFF"u8) && prefix[8..12].SequenceEqual("WEBP"u8),
        _ => false,
    };

    public static string Describe(MediaKind kind) => kind switch
    {
        MediaKind.IsoMedia => "an MP4/QuickTime file (ftyp box)",
        MediaKind.Matroska => "a WebM/Matroska file (EBML header)",
        MediaKind.Jpeg => "a JPEG image",
        MediaKind.Png => "a PNG image",
        MediaKind.WebP => "a WebP image",
        _ => kind.ToString(),
    };

    private static bool IsIsoTopLevelBox(ReadOnlySpan<byte> type) =>
        type.SequenceEqual("ftyp"u8) || type.SequenceEqual("moov"u8) || type.SequenceEqual("wide"u8)
        || type.SequenceEqual("free"u8) || type.SequenceEqual("mdat"u8);
}
