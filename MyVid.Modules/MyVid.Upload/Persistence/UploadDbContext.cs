using Microsoft.EntityFrameworkCore;

namespace MyVid.Upload.Persistence;

/// <summary>The Upload module's own table; each provider has a subclass with its own migrations.</summary>
internal abstract class UploadDbContext(DbContextOptions options) : DbContext(options)
{
    public const string HistoryTable = "__UploadMigrations";

    public DbSet<PendingUpload> Uploads => Set<PendingUpload>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var upload = modelBuilder.Entity<PendingUpload>();
        upload.ToTable("Uploads");
        upload.HasKey(u => u.Id);
        upload.Property(u => u.Id).HasMaxLength(32).IsUnicode(false);
        upload.Property(u => u.TokenHash).HasMaxLength(64).IsUnicode(false);
        upload.Property(u => u.VideoObjectKey).HasMaxLength(512);
        upload.Property(u => u.VideoContentType).HasMaxLength(100);
        upload.Property(u => u.PreviewObjectKey).HasMaxLength(512);
        upload.Property(u => u.PreviewContentType).HasMaxLength(100);
        upload.Property(u => u.MultipartUploadId).HasMaxLength(512);
        // The cleanup's query: unpublished uploads past their expiry.
        upload.HasIndex(u => new { u.PublishedAtUtc, u.ExpiresAtUtc });
    }
}
