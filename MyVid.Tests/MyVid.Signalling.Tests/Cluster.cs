using MyVid.Testing;

namespace MyVid.Signalling.Tests;

/// <summary>One database (and object store) shared by the nodes of a test, a known cluster secret, short intervals.</summary>
internal sealed class Cluster : IAsyncDisposable
{
    public const string Secret = "test-cluster-secret-0123456789abcdef";

    private readonly TestDatabase? _database;
    private readonly string _folder;

    private Cluster(Dictionary<string, string> settings, TestDatabase? database, string folder)
    {
        Settings = settings;
        _database = database;
        _folder = folder;
    }

    public Dictionary<string, string> Settings { get; }

    public static async Task<Cluster> CreateAsync(Backend backend, params (string Key, string Value)[] extra)
    {
        var folder = Directory.CreateTempSubdirectory("myvid-sig-").FullName;
        var settings = new Dictionary<string, string>
        {
            ["Node:DataFolder"] = folder,
            ["Catalog:LoadDemoCatalog"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Signalling:ClusterSecret"] = Secret,
            ["Signalling:HeartbeatInterval"] = "00:00:00.300",
            ["Signalling:MediaHeartbeatInterval"] = "00:00:00.300",
            ["Signalling:StaleAfter"] = "00:00:03",
            ["Signalling:ParkTimeout"] = "00:00:01",
        };
        TestDatabase? database = null;
        if (backend == Backend.Production)
        {
            database = await ProductionParts.AddToAsync(settings);
        }
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }
        return new Cluster(settings, database, folder);
    }

    /// <summary>An in-process node of this cluster (migrates the shared database on Production).</summary>
    public Task<TestNode> StartNodeAsync(Backend backend, string roles) => TestNode.StartAsync(backend, roles, Settings);

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
        Directory.Delete(_folder, recursive: true);
    }
}
