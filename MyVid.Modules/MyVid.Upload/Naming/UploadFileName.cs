using System.Text;

namespace MyVid.Upload.Naming;

/// <summary>
/// The file names a client gives: refused when they carry a path or control characters (a clear 400 is better than
/// a silently different name), otherwise kept with only characters that are awkward in URLs replaced by '_'.
/// </summary>
internal static class UploadFileName
{
    public const int MaxLength = 200;

    public static readonly IReadOnlyDictionary<string, MediaKind> VideoExtensions = new Dictionary<string, MediaKind>(StringComparer.OrdinalIgnoreCase)
    {
        [".mp4"] = MediaKind.IsoMedia,
        [".mov"] = MediaKind.IsoMedia,
        [".webm"] = MediaKind.Matroska,
        [".mkv"] = MediaKind.Matroska,
    };

    public static readonly IReadOnlyDictionary<string, MediaKind> ImageExtensions = new Dictionary<string, MediaKind>(StringComparer.OrdinalIgnoreCase)
    {
        [".jpg"] = MediaKind.Jpeg,
        [".jpeg"] = MediaKind.Jpeg,
        [".png"] = MediaKind.Png,
        [".webp"] = MediaKind.WebP,
    };

    /// <summary>Why the name cannot be used, or null when it can.</summary>
    public static string? Problem(string name, IReadOnlyDictionary<string, MediaKind> allowed)
    {
        if (name.Length > MaxLength)
        {
            return $"must be at most {MaxLength} characters";
        }
        if (name.Any(char.IsControl))
        {
            return "must not contain control characters";
        }
        if (name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal) || name.Contains("..", StringComparison.Ordinal))
        {
            return "must be a file name alone, without a path ('/', '\\' or '..')";
        }
        var extension = Path.GetExtension(name);
        if (!allowed.ContainsKey(extension))
        {
            return $"must end in one of {string.Join(", ", allowed.Keys)}";
        }
        if (Path.GetFileNameWithoutExtension(name).Trim().Length == 0)
        {
            return "needs a name before its extension";
        }
        return null;
    }

    public static MediaKind KindOf(string name) =>
        VideoExtensions.TryGetValue(Path.GetExtension(name), out var kind) ? kind : ImageExtensions[Path.GetExtension(name)];

    /// <summary>Letters, digits, '.', '-', '_' and inner spaces stay; anything else becomes '_'. The extension is lower-cased.</summary>
    public static string Sanitise(string name)
    {
        var extension = Path.GetExtension(name).ToLowerInvariant();
        var stem = Path.GetFileNameWithoutExtension(name).Trim();
        var clean = new StringBuilder(stem.Length + extension.Length);
        foreach (var c in stem)
        {
            clean.Append(char.IsLetterOrDigit(c) || c is '.' or '-' or '_' or ' ' ? c : '_');
        }
        return clean.Append(extension).ToString();
    }
}
