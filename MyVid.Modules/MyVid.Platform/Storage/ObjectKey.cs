namespace MyVid.Platform.Storage;

/// <summary>Object keys MyVid writes: <c>{videoId}_{fileName}</c> as in Appendix B, with no path in them.</summary>
public static class ObjectKey
{
    public static bool IsSafe(string key) =>
        key.Length is > 0 and <= 512
        && !key.Contains("..", StringComparison.Ordinal)
        && key[0] != '/'
        && !key.Contains('\\', StringComparison.Ordinal)
        && !key.Any(char.IsControl);
}
