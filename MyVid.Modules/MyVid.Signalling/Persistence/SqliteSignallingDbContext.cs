using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using MyVid.Platform.Persistence;

namespace MyVid.Signalling.Persistence;

internal sealed class SqliteSignallingDbContext(DbContextOptions<SqliteSignallingDbContext> options) : SignallingDbContext(options);

/// <summary>For <c>dotnet ef migrations add X --context SqliteSignallingDbContext</c>.</summary>
internal sealed class SqliteSignallingDbContextFactory : IDesignTimeDbContextFactory<SqliteSignallingDbContext>
{
    public SqliteSignallingDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<SqliteSignallingDbContext>();
        DatabaseRegistration.UseSqlite(builder, "Data Source=design-time.db", SignallingDbContext.HistoryTable);
        return new SqliteSignallingDbContext(builder.Options);
    }
}
