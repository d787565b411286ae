namespace MyVid.Catalog.Tests;

/// <summary>Real media.ccc.de responses, kept in the repository beside the demo catalogue they feed.</summary>
internal static class CccData
{
    public static string Folder { get; } = Find();

    public static string PathOf(string file) => Path.Combine(Folder, file);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "MyVid.Modules", "MyVid.Catalog", "DemoCatalog");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException("MyVid.Modules/MyVid.Catalog/DemoCatalog was not found above the test binaries.");
    }
}
