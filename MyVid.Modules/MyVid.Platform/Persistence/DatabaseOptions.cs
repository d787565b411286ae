using FluentValidation;

namespace MyVid.Platform.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    MariaDb,
}

/// <summary>Bound from <c>Database</c>. SQLite is the embedded default; production uses MariaDB (Galera).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>For SQLite, empty means <c>{Node:DataFolder}/myvid.db</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>MariaDB's version, given rather than detected so that starting needs no round trip to the database.</summary>
    public string ServerVersion { get; set; } = "10.11.0-mariadb";

    /// <summary>Retries of a failed command on a transient error (Galera failover among them).</summary>
    public int MaxRetries { get; set; } = 6;

    /// <summary>
    /// The longest wait between two retries (they back off exponentially up to it, the first is immediate). With the
    /// defaults the retries span ~8 s: longer than Galera needs to evict a crashed node (evs.suspect_timeout).
    /// </summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(2);
}

public sealed class DatabaseOptionsValidator : AbstractValidator<DatabaseOptions>
{
    public DatabaseOptionsValidator()
    {
        RuleFor(o => o.Provider).IsInEnum();
        RuleFor(o => o.ConnectionString).NotEmpty().When(o => o.Provider == DatabaseProvider.MariaDb)
            .WithMessage("is required when Provider is MariaDb");
        RuleFor(o => o.ServerVersion).Must(v => Microsoft.EntityFrameworkCore.ServerVersion.TryParse(v, out _))
            .WithMessage("must look like 10.11.0-mariadb");
        RuleFor(o => o.MaxRetries).InclusiveBetween(0, 20);
        RuleFor(o => o.MaxRetryDelay).InclusiveBetween(TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));
    }
}
