namespace MyVid.Platform.Persistence;

/// <summary>A module's own tables: migrated at start (SQLite) or by <c>MyVid.Host migrate</c> (MariaDB), and health-checked.</summary>
public interface IModuleDatabase
{
    string Name { get; }

    Task MigrateAsync(CancellationToken cancellationToken);

    Task CheckAsync(CancellationToken cancellationToken);
}
