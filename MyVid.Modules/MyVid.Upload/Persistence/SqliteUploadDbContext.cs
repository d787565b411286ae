using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using MyVid.Platform.Persistence;

namespace MyVid.Upload.Persistence;

internal sealed class SqliteUploadDbContext(DbContextOptions<SqliteUploadDbContext> options) : UploadDbContext(options);

/// <summary>For <c>dotnet ef migrations add X --context SqliteUploadDbContext</c>.</summary>
internal sealed class SqliteUploadDbContextFactory : IDesignTimeDbContextFactory<SqliteUploadDbContext>
{
    public SqliteUploadDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<SqliteUploadDbContext>();
        DatabaseRegistration.UseSqlite(builder, "Data Source=design-time.db", UploadDbContext.HistoryTable);
        return new SqliteUploadDbContext(builder.Options);
    }
}
