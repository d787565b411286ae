namespace MyVid.Catalog.Tests;

/// <summary>The real media.ccc.de responses in the shared data folder beside the repository.</summary>
internal static class CccData
{
    public static string Folder { get; } = Find();

    public static string PathOf(string file) => Path.Combine(Folder, file);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", "ccc");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException("shared/data/ccc was not found above the test binaries; the repository is expected beside shared/.");
    }
}
