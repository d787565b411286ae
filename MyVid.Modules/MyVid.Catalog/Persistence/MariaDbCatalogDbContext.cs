using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using MyVid.Platform.Persistence;

namespace MyVid.Catalog.Persistence;

/// <summary>
/// Production on MariaDB/Galera. Text is utf8mb4 with a case- and accent-insensitive collation, so FULLTEXT search
/// finds "Küche" for "kuche"; ids are compared byte for byte (base62 ids differ by case).
/// </summary>
internal sealed class MariaDbCatalogDbContext(DbContextOptions<MariaDbCatalogDbContext> options) : CatalogDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.HasCharSet("utf8mb4").UseCollation("utf8mb4_unicode_ci");
        var video = modelBuilder.Entity<Video>();
        video.Property(v => v.Id).HasCharSet("ascii").UseCollation("ascii_bin");
        video.Property(v => v.StreamId).HasCharSet("ascii").UseCollation("ascii_bin");
        video.HasIndex(v => new { v.Title, v.Description, v.Speakers, v.Tags }).IsFullText().HasDatabaseName("FT_Videos_All");
        video.HasIndex(v => v.Title).IsFullText().HasDatabaseName("FT_Videos_Title");
    }
}

/// <summary>For <c>dotnet ef migrations add X --context MariaDbCatalogDbContext</c>; needs no running server.</summary>
internal sealed class MariaDbCatalogDbContextFactory : IDesignTimeDbContextFactory<MariaDbCatalogDbContext>
{
    public MariaDbCatalogDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<MariaDbCatalogDbContext>();
        DatabaseRegistration.UseMariaDb(builder, new DatabaseOptions { ConnectionString = "Server=localhost" }, CatalogDbContext.HistoryTable);
        return new MariaDbCatalogDbContext(builder.Options);
    }
}
