using MyVid.Drills;
using MyVid.Testing;

namespace MyVid.Deployment.Tests;

/// <summary>
/// Brings scripts/topology.sh's deployment up once for every test here, on the real parts the test script started
/// (a database of its own on MariaDB, buckets of their own on Ceph, coturn), with this build's MyVid.Host; down after.
/// </summary>
[SetUpFixture]
public sealed class Topology
{
    private static TestDatabase? _database;
    private static string? _folder;
    private static Dictionary<string, string> _environment = [];

    internal static Drills.Deployment Current { get; private set; } = null!;

    public static string Script { get; } = FindScript();

    [OneTimeSetUp]
    public async Task UpAsync()
    {
        _ = RealParts.Haproxy;
        var s3 = RealParts.S3;
        var turn = RealParts.Turn;
        _database = await TestDatabase.CreateAsync();
        _folder = Directory.CreateTempSubdirectory("myvid-topology-").FullName;
        _environment = new Dictionary<string, string>
        {
            ["MYVID_TOPOLOGY_DB"] = _database.ConnectionString,
            ["MYVID_TOPOLOGY_S3_URL"] = s3.ServiceUrl,
            ["MYVID_TOPOLOGY_S3_ACCESS_KEY"] = s3.AccessKey,
            ["MYVID_TOPOLOGY_S3_SECRET_KEY"] = s3.SecretKey,
            ["MYVID_TOPOLOGY_TURN_URL"] = turn.Url,
            ["MYVID_TOPOLOGY_TURN_SECRET"] = turn.Secret,
            ["MYVID_TOPOLOGY_BUCKETS"] = "t-" + Guid.NewGuid().ToString("N")[..10],
            ["MYVID_TOPOLOGY_HOST"] = Path.Combine(AppContext.BaseDirectory, "MyVid.Host.dll"),
        };
        try
        {
            await Drills.Deployment.UpAsync(Script, _folder, _environment);
        }
        catch (InvalidOperationException e)
        {
            Assert.Fail(e.Message + Logs());
        }
        Current = await Drills.Deployment.OpenAsync(Script, _folder, _environment);
    }

    [OneTimeTearDown]
    public async Task DownAsync()
    {
        if (_folder is not null)
        {
            await Drills.Deployment.DownAsync(Script, _folder, _environment);
            Directory.Delete(_folder, recursive: true);
        }
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>The tail of every node's log, for a failure message.</summary>
    public static string Logs()
    {
        var logs = Path.Combine(_folder ?? "", "logs");
        return !Directory.Exists(logs) ? "" : string.Concat(Directory.GetFiles(logs).Order().Select(f =>
            $"\n--- {Path.GetFileName(f)}\n{string.Join('\n', File.ReadLines(f).TakeLast(15))}"));
    }

    private static string FindScript()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var script = Path.Combine(folder.FullName, "scripts", "topology.sh");
            if (File.Exists(script))
            {
                return script;
            }
        }
        throw new FileNotFoundException("scripts/topology.sh not found above " + AppContext.BaseDirectory);
    }
}
