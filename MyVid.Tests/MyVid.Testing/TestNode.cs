using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using MyVid.Host;
using MyVid.Platform.Persistence;

namespace MyVid.Testing;

/// <summary>
/// A MyVid node started in the test process on a free loopback port, with real HTTP in front of it: the same
/// <see cref="MyVidHost.Build"/> as the binary, on the embedded default or on MariaDB + S3.
/// </summary>
public sealed class TestNode : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TestDatabase? _database;
    private readonly string _dataFolder;

    private TestNode(WebApplication app, TestDatabase? database, string dataFolder, IReadOnlyDictionary<string, string> settings)
    {
        Settings = settings;
        _app = app;
        _database = database;
        _dataFolder = dataFolder;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = new Uri(address + "/");
        Http = new HttpClient { BaseAddress = BaseUrl };
    }

    public Uri BaseUrl { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public string DataFolder => _dataFolder;

    /// <summary>The node's settings (data folder, database, store...), e.g. to run an admin command against the same cluster.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary><see cref="Settings"/> as command-line arguments.</summary>
    public string[] SettingArguments => [.. Settings.Select(kv => $"--{kv.Key}={kv.Value}")];

    public static async Task<TestNode> StartAsync(Backend backend, string roles = "all", IReadOnlyDictionary<string, string>? settings = null)
    {
        var dataFolder = Directory.CreateTempSubdirectory("myvid-test-").FullName;
        var all = new Dictionary<string, string>
        {
            ["Node:DataFolder"] = dataFolder,
            ["Catalog:LoadDemoCatalog"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        TestDatabase? database = null;
        if (backend == Backend.Production)
        {
            database = await ProductionParts.AddToAsync(all);
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }
        string[] args = ["--role", roles, "--urls", "http://127.0.0.1:0", .. all.Select(kv => $"--{kv.Key}={kv.Value}")];
        if (!HostCommandLine.TryParse(args, out var commandLine, out var error))
        {
            throw new ArgumentException(error);
        }
        var app = MyVidHost.Build(commandLine);
        if (backend == Backend.Production)
        {
            foreach (var module in app.Services.GetServices<IModuleDatabase>())
            {
                await module.MigrateAsync(CancellationToken.None);
            }
        }
        await app.StartAsync();
        return new TestNode(app, database, dataFolder, all);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
        Directory.Delete(_dataFolder, recursive: true);
    }
}
