using Microsoft.EntityFrameworkCore;

namespace MyVid.Catalog.Persistence;

/// <summary>The catalogue's tables; each provider has a subclass with its own migrations and search index.</summary>
internal abstract class CatalogDbContext(DbContextOptions options) : DbContext(options)
{
    public const string HistoryTable = "__CatalogMigrations";

    public DbSet<Video> Videos => Set<Video>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var video = modelBuilder.Entity<Video>();
        video.ToTable("Videos");
        video.HasKey(v => v.Id);
        video.Property(v => v.Id).HasMaxLength(32).IsUnicode(false);
        video.Property(v => v.Title).HasMaxLength(300);
        video.Property(v => v.Description).HasMaxLength(20000);
        video.Property(v => v.Speakers).HasMaxLength(1000);
        video.Property(v => v.Tags).HasMaxLength(1000);
        video.Property(v => v.Url).HasMaxLength(2000);
        video.Property(v => v.PreviewUrl).HasMaxLength(2000);
        video.Property(v => v.VideoObjectKey).HasMaxLength(512);
        video.Property(v => v.PreviewObjectKey).HasMaxLength(512);
        video.Property(v => v.ControlUrl).HasMaxLength(2000);
        video.Property(v => v.StreamId).HasMaxLength(64);
        video.Property(v => v.ExternalId).HasMaxLength(200);
        video.Property(v => v.VideoCodec).HasMaxLength(64);
        video.Property(v => v.AudioCodec).HasMaxLength(64);
        video.Property(v => v.ProbeError).HasMaxLength(1000);
        video.HasIndex(v => v.ExternalId).IsUnique();
        video.HasIndex(v => v.RandomKey).IsUnique();
        video.HasIndex(v => new { v.Visibility, v.RandomKey });
        // Random live streams (POST /API/VIDEO/ with Type WebRTC): few among many, found without a scan.
        video.HasIndex(v => new { v.Visibility, v.Kind, v.RandomKey });
    }
}
