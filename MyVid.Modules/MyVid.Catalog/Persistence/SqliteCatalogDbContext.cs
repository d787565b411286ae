using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using MyVid.Platform.Persistence;

namespace MyVid.Catalog.Persistence;

/// <summary>The embedded default. Search uses an FTS5 table kept in step by triggers (see the initial migration).</summary>
internal sealed class SqliteCatalogDbContext(DbContextOptions<SqliteCatalogDbContext> options) : CatalogDbContext(options)
{
    public const string SearchTable = "VideoSearch";
}

/// <summary>For <c>dotnet ef migrations add X --context SqliteCatalogDbContext</c>.</summary>
internal sealed class SqliteCatalogDbContextFactory : IDesignTimeDbContextFactory<SqliteCatalogDbContext>
{
    public SqliteCatalogDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<SqliteCatalogDbContext>();
        DatabaseRegistration.UseSqlite(builder, "Data Source=design-time.db", CatalogDbContext.HistoryTable);
        return new SqliteCatalogDbContext(builder.Options);
    }
}
