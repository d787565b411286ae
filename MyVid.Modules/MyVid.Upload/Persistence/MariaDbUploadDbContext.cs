using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using MyVid.Platform.Persistence;

namespace MyVid.Upload.Persistence;

/// <summary>Production on MariaDB/Galera; ids and token hashes compare byte for byte (base62 ids differ by case).</summary>
internal sealed class MariaDbUploadDbContext(DbContextOptions<MariaDbUploadDbContext> options) : UploadDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.HasCharSet("utf8mb4").UseCollation("utf8mb4_bin");
        var upload = modelBuilder.Entity<PendingUpload>();
        upload.Property(u => u.Id).HasCharSet("ascii").UseCollation("ascii_bin");
        upload.Property(u => u.TokenHash).HasCharSet("ascii").UseCollation("ascii_bin");
    }
}

/// <summary>For <c>dotnet ef migrations add X --context MariaDbUploadDbContext</c>; needs no running server.</summary>
internal sealed class MariaDbUploadDbContextFactory : IDesignTimeDbContextFactory<MariaDbUploadDbContext>
{
    public MariaDbUploadDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<MariaDbUploadDbContext>();
        DatabaseRegistration.UseMariaDb(builder, new DatabaseOptions { ConnectionString = "Server=localhost" }, UploadDbContext.HistoryTable);
        return new MariaDbUploadDbContext(builder.Options);
    }
}
