using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyVid.Platform.Persistence;
using MyVid.Platform.Storage;

namespace MyVid.Platform.Hosting;

/// <summary>
/// Before the node serves: apply migrations when the database is the embedded SQLite file (MariaDB is migrated by
/// the operator with <c>MyVid.Host migrate</c>), and make sure the buckets exist.
/// </summary>
internal sealed partial class StartupTasks(
    IEnumerable<IModuleDatabase> databases,
    IOptions<DatabaseOptions> database,
    IObjectStore store,
    ILogger<StartupTasks> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (database.Value.Provider == DatabaseProvider.Sqlite)
        {
            foreach (var module in databases)
            {
                await module.MigrateAsync(cancellationToken);
                LogMigrated(module.Name);
            }
        }
        try
        {
            await store.EnsureBucketsAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The store may come up after us; /healthz reports it until then.
            LogStoreUnavailable(e.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrated {Module} on the embedded SQLite database")]
    private partial void LogMigrated(string module);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Object store not reachable at start: {Reason}")]
    private partial void LogStoreUnavailable(string reason);
}
