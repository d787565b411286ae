using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Design;
using MyVid.Catalog.Search;
using MyVid.Platform.Persistence;

namespace MyVid.Catalog.Persistence;

/// <summary>
/// Production on MariaDB/Galera. Text is utf8mb4 with a case- and accent-insensitive collation; ids are compared byte
/// for byte (base62 ids differ by case). Search reads the application's own term index.
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

        // The search's own index (MariaDbVideoSearch): InnoDB FULLTEXT collects every match before LIMIT applies.
        // Its FULLTEXT indexes are gone (migration DropFullTextIndexes): unread, they cost 1.3 GB at 1M videos, work
        // on every write, and turned each added column into a copy of the whole table.
        // Terms are folded by the application (TextWords.Fold), so they compare byte for byte.
        var term = modelBuilder.Entity<VideoTerm>();
        term.ToTable("VideoTerms");
        term.HasKey(t => new { t.Field, t.Term, t.TitleLength, t.RandomKey });
        term.Property(t => t.Term).HasMaxLength(TextWords.MaxTermLength).HasCharSet("utf8mb4").UseCollation("utf8mb4_bin");
        var words = modelBuilder.Entity<VideoWords>();
        words.ToTable("VideoWords");
        words.HasKey(w => w.RandomKey);
        words.Property(w => w.RandomKey).ValueGeneratedNever();
        words.Property(w => w.TitleWords).HasMaxLength(1000).HasCharSet("utf8mb4").UseCollation("utf8mb4_bin");
        words.Property(w => w.AllWords).HasCharSet("utf8mb4").UseCollation("utf8mb4_bin");
    }

    /// <summary>
    /// Saves, and re-indexes every video whose searchable text was added, changed or deleted, in one transaction,
    /// so the term index never disagrees with the rows it was made from.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var keys = ChangeTracker.Entries<Video>().Where(ChangesSearchText).Select(e => e.Entity.RandomKey).ToList();
        if (keys.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        if (Database.CurrentTransaction is not null)
        {
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            await MariaDbSearchIndex.RefreshAsync(this, keys, cancellationToken);
            return saved;
        }
        return await Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await Database.BeginTransactionAsync(ct);
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);
            await MariaDbSearchIndex.RefreshAsync(this, keys, ct);
            await transaction.CommitAsync(ct);
            if (acceptAllChangesOnSuccess)
            {
                ChangeTracker.AcceptAllChanges();
            }
            return saved;
        }, cancellationToken);
    }

    private static bool ChangesSearchText(EntityEntry<Video> entry) => entry.State switch
    {
        EntityState.Added or EntityState.Deleted => true,
        EntityState.Modified => SearchedProperties.Any(p => entry.Property(p).IsModified),
        _ => false,
    };

    private static readonly string[] SearchedProperties = [nameof(Video.Title), nameof(Video.Description), nameof(Video.Speakers), nameof(Video.Tags)];
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
