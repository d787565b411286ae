using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MyVid.Platform.Persistence;

internal sealed class ModuleDatabase<TContext>(IServiceScopeFactory scopes) : IModuleDatabase
    where TContext : DbContext
{
    public string Name => typeof(TContext).Name;

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<TContext>().Database;
        if (database.IsSqlite())
        {
            // Readers keep reading while the one writer writes; the mode is kept in the file, so once is enough.
            await database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
        }
        await database.MigrateAsync(cancellationToken);
    }

    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<TContext>().Database;
        if (!await database.CanConnectAsync(cancellationToken))
        {
            throw new InvalidOperationException($"{Name}: cannot connect to the database.");
        }
        if ((await database.GetPendingMigrationsAsync(cancellationToken)).Any())
        {
            throw new InvalidOperationException($"{Name}: migrations are pending; run 'MyVid.Host migrate'.");
        }
    }
}
