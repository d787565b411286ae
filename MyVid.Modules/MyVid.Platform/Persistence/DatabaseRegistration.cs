using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MyVid.Platform.Hosting;
using MyVid.Platform.Options;

namespace MyVid.Platform.Persistence;

/// <summary>
/// Registers a module's DbContext on the configured provider. Each provider has its own context subclass so that
/// each keeps its own migrations (SQL differs: FTS5 against FULLTEXT), and each module its own history table.
/// </summary>
public static class DatabaseRegistration
{
    public static IServiceCollection AddModuleDbContext<TContext, TSqliteContext, TMariaDbContext>(
        this IServiceCollection services, IConfiguration configuration, string historyTable)
        where TContext : DbContext
        where TSqliteContext : TContext
        where TMariaDbContext : TContext
    {
        var options = configuration.GetValidated<DatabaseOptions, DatabaseOptionsValidator>(DatabaseOptions.Section);
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            var node = configuration.GetValidated<NodeOptions, NodeOptionsValidator>(NodeOptions.Section);
            var connectionString = SqliteConnectionString(options, node);
            services.AddDbContextPool<TContext, TSqliteContext>(b => UseSqlite(b, connectionString, historyTable));
        }
        else
        {
            services.AddDbContextPool<TContext, TMariaDbContext>(b => UseMariaDb(b, options, historyTable));
        }
        services.AddSingleton<IModuleDatabase, ModuleDatabase<TContext>>();
        return services;
    }

    public static DbContextOptionsBuilder UseSqlite(DbContextOptionsBuilder builder, string connectionString, string historyTable) =>
        builder.UseSqlite(connectionString, sqlite => sqlite.MigrationsHistoryTable(historyTable))
            .AddInterceptors(MemoryMap);

    private static readonly SqliteMemoryMapInterceptor MemoryMap = new();

    public static DbContextOptionsBuilder UseMariaDb(DbContextOptionsBuilder builder, DatabaseOptions options, string historyTable) =>
        builder.UseMySql(WithoutConnectionReset(options.ConnectionString), Microsoft.EntityFrameworkCore.ServerVersion.Parse(options.ServerVersion), mysql =>
        {
            mysql.MigrationsHistoryTable(historyTable);
            if (options.MaxRetries > 0)
            {
                mysql.ExecutionStrategy(d => new GaleraExecutionStrategy(d, options.MaxRetries, options.MaxRetryDelay));
            }
        });

    /// <summary>
    /// MySqlConnector resets a pooled connection's session with an extra round trip each time it is taken from the
    /// pool (ConnectionReset=true), i.e. once per query here: EF opens and closes the connection around each one.
    /// EF sets no session state that could carry over, so it is off unless the connection string sets it. Measured
    /// on GET /API/VIDEO/{ID} with 1,000,000 videos: x1.3-1.7 req/s (bench/RESULTS.md).
    /// </summary>
    internal static string? WithoutConnectionReset(string? connectionString)
    {
        if (string.IsNullOrEmpty(connectionString))
        {
            return connectionString;
        }
        var builder = new MySqlConnector.MySqlConnectionStringBuilder(connectionString);
        if (!builder.ContainsKey("ConnectionReset"))
        {
            builder.ConnectionReset = false;
        }
        return builder.ConnectionString;
    }

    private static string SqliteConnectionString(DatabaseOptions options, NodeOptions node)
    {
        if (!string.IsNullOrEmpty(options.ConnectionString))
        {
            return options.ConnectionString;
        }
        var folder = Path.GetFullPath(node.DataFolder);
        Directory.CreateDirectory(folder);
        return $"Data Source={Path.Combine(folder, "myvid.db")};Pooling=True";
    }
}
