using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using MyVid.Platform.Persistence;

namespace MyVid.Signalling.Persistence;

/// <summary>Production on MariaDB/Galera; node ids compare byte for byte (base62).</summary>
internal sealed class MariaDbSignallingDbContext(DbContextOptions<MariaDbSignallingDbContext> options) : SignallingDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.HasCharSet("utf8mb4").UseCollation("utf8mb4_bin");
        modelBuilder.Entity<NodeRecord>().Property(n => n.Id).HasCharSet("ascii").UseCollation("ascii_bin");
        modelBuilder.Entity<StreamKeyRecord>().Property(k => k.Id).HasCharSet("ascii").UseCollation("ascii_bin");
        modelBuilder.Entity<StreamKeyRecord>().Property(k => k.KeyHash).HasCharSet("ascii").UseCollation("ascii_bin");
    }
}

/// <summary>For <c>dotnet ef migrations add X --context MariaDbSignallingDbContext</c>; needs no running server.</summary>
internal sealed class MariaDbSignallingDbContextFactory : IDesignTimeDbContextFactory<MariaDbSignallingDbContext>
{
    public MariaDbSignallingDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<MariaDbSignallingDbContext>();
        DatabaseRegistration.UseMariaDb(builder, new DatabaseOptions { ConnectionString = "Server=localhost" }, SignallingDbContext.HistoryTable);
        return new MariaDbSignallingDbContext(builder.Options);
    }
}
