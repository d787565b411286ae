using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MyVid.Catalog.Api;
using MyVid.Catalog.Persistence;
using MyVid.Platform.Ids;
using MyVid.Platform.Modules;
using MyVid.Platform.Storage;

namespace MyVid.Catalog.Admin;

/// <summary><c>MyVid.Host videos list|hide|delete</c>: the operator's view of the catalogue and its two removals.</summary>
internal sealed class VideosCommand(IServiceScopeFactory scopes, IObjectStore store, TimeProvider clock, VideoAnswerCache answers) : ICliCommand
{
    private const int DefaultLimit = 100;

    public string Name => "videos";

    public string Usage => "videos list|hide|delete   list the catalogue; hide videos; delete videos and their stored objects";

    public string Help => """
        usage: MyVid.Host videos list [--all] [--limit N]
               MyVid.Host videos hide ID...
               MyVid.Host videos delete ID...

        list     public videos, newest first (ID, kind, visibility, created, title); --all adds private ones
                 (unpublished uploads, hidden videos, ended live streams); at most N (default 100)
        hide     makes videos private: no longer listed, searched or answered by /API/VIDEO/{ID}; nothing is deleted
        delete   deletes videos from the catalogue and their video file and preview image from the object store
        Exit code 1 when an ID is unknown (the others are still done).
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> arguments, TextWriter output, CancellationToken cancellationToken)
    {
        switch (arguments)
        {
            case ["list", ..] when TryReadListOptions([.. arguments.Skip(1)], out var all, out var limit):
                await ListAsync(all, limit, output, cancellationToken);
                return 0;
            case ["hide", _, ..]:
                return await ForEachAsync(arguments.Skip(1), HideAsync, output, cancellationToken);
            case ["delete", _, ..]:
                return await ForEachAsync(arguments.Skip(1), DeleteAsync, output, cancellationToken);
            default:
                await output.WriteLineAsync(Help);
                return 2;
        }
    }

    private static bool TryReadListOptions(IReadOnlyList<string> options, out bool all, out int limit)
    {
        all = false;
        limit = DefaultLimit;
        for (var i = 0; i < options.Count; i++)
        {
            if (options[i] == "--all")
            {
                all = true;
            }
            else if (options[i] == "--limit" && i + 1 < options.Count
                && int.TryParse(options[++i], NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit > 0)
            {
                continue;
            }
            else
            {
                return false;
            }
        }
        return true;
    }

    private async Task ListAsync(bool all, int limit, TextWriter output, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var videos = await db.Videos.AsNoTracking()
            .Where(v => all || v.Visibility == VideoVisibility.Public)
            .OrderByDescending(v => v.CreatedAtUtc).ThenBy(v => v.Id).Take(limit)
            .Select(v => new { v.Id, v.Kind, v.Visibility, v.CreatedAtUtc, v.Title })
            .ToListAsync(cancellationToken);
        await output.WriteLineAsync($"{"ID",-12} {"KIND",-6} {"VISIBILITY",-10} {"CREATED (UTC)",-16} TITLE");
        foreach (var v in videos)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{v.Id,-12} {v.Kind,-6} {v.Visibility,-10} {v.CreatedAtUtc,-16:yyyy-MM-dd HH:mm} {v.Title}"));
        }
    }

    private async Task<int> ForEachAsync(IEnumerable<string> ids, Func<Video, CatalogDbContext, CancellationToken, Task<string>> action,
        TextWriter output, CancellationToken cancellationToken)
    {
        var exit = 0;
        foreach (var id in ids)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            var video = ShortId.IsWellFormed(id) ? await db.Videos.FirstOrDefaultAsync(v => v.Id == id, cancellationToken) : null;
            if (video is null)
            {
                await output.WriteLineAsync($"error: no video {id}");
                exit = 1;
                continue;
            }
            await output.WriteLineAsync(await action(video, db, cancellationToken));
        }
        return exit;
    }

    private async Task<string> HideAsync(Video video, CatalogDbContext db, CancellationToken cancellationToken)
    {
        video.Visibility = VideoVisibility.Private;
        video.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        answers.Forget(video.Id);
        return $"hidden {video.Id}";
    }

    /// <summary>Objects first: when the store fails, the entry stays and the command can be repeated.</summary>
    private async Task<string> DeleteAsync(Video video, CatalogDbContext db, CancellationToken cancellationToken)
    {
        var objects = 0;
        if (video.VideoObjectKey is { } videoKey)
        {
            await store.DeleteAsync(ObjectBucket.Videos, videoKey, cancellationToken);
            objects++;
        }
        if (video.PreviewObjectKey is { } previewKey)
        {
            await store.DeleteAsync(ObjectBucket.Previews, previewKey, cancellationToken);
            objects++;
        }
        db.Videos.Remove(video);
        await db.SaveChangesAsync(cancellationToken);
        answers.Forget(video.Id);
        return $"deleted {video.Id} ({objects} stored object(s))";
    }
}
