using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MyVid.Catalog.Persistence;

namespace MyVid.Catalog.Search;

/// <summary>
/// Indexes, in the background after start, the MariaDB videos the term index does not hold yet (rows from before the
/// index existed, or written by a node without it): batches in RandomKey order, each its own transaction, so it
/// resumes where it stopped. Idempotent. One node at a time does it (a MariaDB named lock); the others skip it.
/// Until it is done, searches miss the videos it has not reached.
/// </summary>
internal sealed partial class SearchIndexBackfill(IServiceScopeFactory scopes, ILogger<SearchIndexBackfill> logger) : BackgroundService
{
    private const int BatchSize = 500;
    private const string LockName = "myvid_search_backfill";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // Searches still work on what is indexed; the next start carries on.
            LogFailed(e);
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        // The named lock belongs to the session: keep one connection for the whole run.
        await db.Database.OpenConnectionAsync(cancellationToken);
        if (await db.Database.SqlQueryRaw<int?>("SELECT GET_LOCK({0}, 0) AS Value", LockName).SingleAsync(cancellationToken) != 1)
        {
            return;
        }
        var clock = Stopwatch.StartNew();
        var done = 0;
        var after = -1L;
        while (true)
        {
            var keys = await db.Database.SqlQueryRaw<long>(
                "SELECT v.RandomKey AS Value FROM Videos v WHERE v.RandomKey > {0} " +
                "AND NOT EXISTS (SELECT 1 FROM VideoWords w WHERE w.RandomKey = v.RandomKey) ORDER BY v.RandomKey LIMIT {1}",
                after, BatchSize).ToListAsync(cancellationToken);
            if (keys.Count == 0)
            {
                break;
            }
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                await MariaDbSearchIndex.RefreshAsync(db, keys, ct);
                await transaction.CommitAsync(ct);
            }, cancellationToken);
            after = keys[^1];
            if (done / 50_000 != (done + keys.Count) / 50_000)
            {
                LogProgress(done + keys.Count, clock.Elapsed.TotalSeconds);
            }
            done += keys.Count;
        }
        await db.Database.ExecuteSqlRawAsync("DO RELEASE_LOCK({0})", [LockName], cancellationToken);
        if (done > 0)
        {
            LogDone(done, clock.Elapsed.TotalSeconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Search index backfill: {Count} videos indexed so far ({Seconds:F0} s)")]
    private partial void LogProgress(int count, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Search index backfill: done, {Count} videos indexed in {Seconds:F0} s")]
    private partial void LogDone(int count, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Search index backfill failed; it resumes at the next start")]
    private partial void LogFailed(Exception exception);
}
