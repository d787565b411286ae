using Bogus;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MyVid.Catalog.Api;
using MyVid.Catalog.Persistence;
using MyVid.Catalog.Search;
using MyVid.Platform.Ids;
using MyVid.Testing;

namespace MyVid.Catalog.Tests;

/// <summary>Writes catalogue rows straight through the module's DbContext, as the module itself would.</summary>
internal static class CatalogSeed
{
    private static readonly Faker Faker = new("en");

    public static Video NewVideo(string title, VideoKind kind = VideoKind.Http, VideoVisibility visibility = VideoVisibility.Public,
        string? description = null, string speakers = "", string tags = "") => new()
    {
        Id = ShortId.New(),
        Kind = kind,
        Visibility = visibility,
        Title = title,
        Description = description ?? Faker.Lorem.Paragraph(),
        Speakers = speakers,
        Tags = tags,
        Url = kind == VideoKind.Http ? "https://cdn.example.org/" + Faker.System.FileName("mp4") : null,
        PreviewUrl = kind == VideoKind.Http ? "https://static.example.org/" + Faker.System.FileName("jpg") : null,
        RandomKey = Random.Shared.NextInt64(VideoQueries.RandomKeyRange),
        CreatedAtUtc = DateTime.UtcNow,
        UpdatedAtUtc = DateTime.UtcNow,
    };

    public static async Task AddAsync(TestNode node, params Video[] videos)
    {
        await using var scope = node.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        db.Videos.AddRange(videos);
        await db.SaveChangesAsync();
        // As the catalogue's own writes do: searches kept by the node may lack the new videos.
        node.Services.GetRequiredService<VideoAnswerCache>().ForgetAll();
    }

    /// <summary>
    /// Changes a video's title in the database behind the node's back, as a write through another api node would:
    /// unlike <see cref="AddAsync"/>, the node's kept answers are not forgotten.
    /// </summary>
    public static async Task RetitleBehindAsync(TestNode node, string id, string title)
    {
        await using var scope = node.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        Assert.That(await db.Videos.Where(v => v.Id == id).ExecuteUpdateAsync(s => s.SetProperty(v => v.Title, title)), Is.EqualTo(1));
    }
}
