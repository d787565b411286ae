using MyVid.Testing;

namespace MyVid.Upload.Tests;

/// <summary>One database and one object store for several nodes, as in a real deployment.</summary>
internal sealed class SharedParts : IAsyncDisposable
{
    private readonly TestDatabase? _database;
    private readonly string _folder;

    private SharedParts(Dictionary<string, string> settings, TestDatabase? database, string folder)
    {
        Settings = settings;
        _database = database;
        _folder = folder;
    }

    public Dictionary<string, string> Settings { get; }

    public static async Task<SharedParts> CreateAsync(Backend backend, Dictionary<string, string> settings)
    {
        var folder = Directory.CreateTempSubdirectory("myvid-shared-").FullName;
        settings["Node:DataFolder"] = folder;
        settings["Catalog:LoadDemoCatalog"] = "false";
        settings["Logging:LogLevel:Default"] = "Warning";
        TestDatabase? database = null;
        if (backend == Backend.Production)
        {
            database = await ProductionParts.AddToAsync(settings);
        }
        return new SharedParts(settings, database, folder);
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
        Directory.Delete(_folder, recursive: true);
    }
}
