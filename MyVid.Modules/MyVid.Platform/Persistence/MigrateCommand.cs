using MyVid.Platform.Modules;

namespace MyVid.Platform.Persistence;

/// <summary><c>MyVid.Host migrate</c>: applies every module's migrations (the operator's step on MariaDB; SQLite migrates at start).</summary>
internal sealed class MigrateCommand(IEnumerable<IModuleDatabase> databases) : ICliCommand
{
    public string Name => "migrate";

    public string Usage => "migrate                  apply every module's database migrations (run once per release, on one node)";

    public string Help => $"""
        usage: MyVid.Host {Usage}
        Applies the pending migrations of each module's tables to the configured database (Database:Provider,
        Database:ConnectionString). Safe to repeat; with Galera, run it on one node while the others serve.
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> arguments, TextWriter output, CancellationToken cancellationToken)
    {
        if (arguments.Count > 0)
        {
            await output.WriteLineAsync(Help);
            return 2;
        }
        foreach (var database in databases)
        {
            await database.MigrateAsync(cancellationToken);
            await output.WriteLineAsync($"migrated {database.Name}");
        }
        return 0;
    }
}
