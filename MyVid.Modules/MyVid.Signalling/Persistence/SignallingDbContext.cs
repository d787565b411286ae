using Microsoft.EntityFrameworkCore;

namespace MyVid.Signalling.Persistence;

/// <summary>The Signalling module's own tables; each provider has a subclass with its own migrations.</summary>
internal abstract class SignallingDbContext(DbContextOptions options) : DbContext(options)
{
    public const string HistoryTable = "__SignallingMigrations";

    public DbSet<NodeRecord> Nodes => Set<NodeRecord>();

    public DbSet<StreamKeyRecord> StreamKeys => Set<StreamKeyRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var node = modelBuilder.Entity<NodeRecord>();
        node.ToTable("Nodes");
        node.HasKey(n => n.Id);
        node.Property(n => n.Id).HasMaxLength(32).IsUnicode(false);
        node.Property(n => n.BaseUrl).HasMaxLength(2000);
        node.Property(n => n.EndpointId).HasMaxLength(32).IsUnicode(false);
        node.Property(n => n.Name).HasMaxLength(64).IsUnicode(false);
        node.Property(n => n.AdvertisedAddress).HasMaxLength(100).IsUnicode(false);
        node.HasIndex(n => n.LastSeenUtc);

        var key = modelBuilder.Entity<StreamKeyRecord>();
        key.ToTable("StreamKeys");
        key.HasKey(k => k.Id);
        key.Property(k => k.Id).HasMaxLength(32).IsUnicode(false);
        key.Property(k => k.Name).HasMaxLength(64);
        key.Property(k => k.KeyHash).HasMaxLength(64).IsUnicode(false);
        key.HasIndex(k => k.KeyHash).IsUnique();
    }
}
