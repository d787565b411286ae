using Microsoft.EntityFrameworkCore;
using MyVid.Catalog.Api;
using MyVid.Catalog.Persistence;
using MyVid.Catalog.Search;
using MyVid.Platform.Ids;

namespace MyVid.Catalog.Import;

/// <summary>
/// Stores media.ccc.de events as metadata-only <c>HTTP</c> videos whose files stay on the CCC CDN. Idempotent by
/// guid: the id is derived from it and the guid is kept as the external id, so a re-import updates in place.
/// Every file is read before anything is written, and everything is written in one transaction: a malformed
/// file leaves the catalogue as it was.
/// </summary>
internal sealed class CccImporter(CatalogDbContext db, TimeProvider clock, VideoAnswerCache answers)
{
    public const string ExternalPrefix = "ccc:";

    public async Task<ImportReport> ImportAsync(IReadOnlyList<(string Name, byte[] Json)> files, IProgress<(int Done, int Total)>? progress,
        CancellationToken cancellationToken)
    {
        var events = files.SelectMany(f => CccFileReader.Read(f.Name, f.Json).Select(e => (File: f.Name, Event: e))).ToList();
        var report = new ImportReport();
        var now = clock.GetUtcNow().UtcDateTime;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < events.Count; i++)
        {
            var (file, e) = events[i];
            if (Validate(e, seen) is { } reason)
            {
                report.Skipped.Add($"{file}: {Describe(e)}: {reason}");
            }
            else
            {
                await UpsertAsync(e, RecordingChooser.Best(e)!, now, report, cancellationToken);
            }
            progress?.Report((i + 1, events.Count));
        }
        await db.SaveChangesAsync(cancellationToken);
        // New videos too: kept search answers may lack them.
        if (report.Updated > 0 || report.Imported > 0)
        {
            answers.ForgetAll();
        }
        return report;
    }

    private static string? Validate(CccEvent e, HashSet<string> seen)
    {
        if (e.Guid.Length == 0)
        {
            return "no guid";
        }
        if (e.Title.Length == 0)
        {
            return "no title";
        }
        if (!seen.Add(e.Guid))
        {
            return "listed twice in this import";
        }
        if (e.Recordings.Count == 0)
        {
            return "no recordings listed (conference listings omit them: import the event or a search result instead)";
        }
        if (RecordingChooser.Best(e) is null)
        {
            return "no browser-playable video recording (only " + string.Join(", ", e.Recordings.Select(r => r.MimeType).Distinct()) + ")";
        }
        return null;
    }

    private async Task UpsertAsync(CccEvent e, CccRecording recording, DateTime now, ImportReport report, CancellationToken cancellationToken)
    {
        var externalId = ExternalPrefix + e.Guid;
        var video = await db.Videos.FirstOrDefaultAsync(v => v.ExternalId == externalId, cancellationToken);
        var isNew = video is null;
        video ??= new Video
        {
            Id = ShortId.FromKey("CCC", e.Guid),
            Title = "",
            ExternalId = externalId,
            Kind = VideoKind.Http,
            Visibility = VideoVisibility.Public,
            RandomKey = Random.Shared.NextInt64(VideoQueries.RandomKeyRange),
            CreatedAtUtc = now,
        };
        video.Title = Truncate(e.Title, 300);
        video.Description = Truncate(e.Description, 20000);
        video.Speakers = Truncate(string.Join(' ', e.Persons), 1000);
        video.Tags = Truncate(string.Join(' ', e.Tags.Append(e.ConferenceTitle ?? "").Where(t => t.Length > 0)), 1000);
        video.Url = EscapedUrl(recording.Url);
        video.PreviewUrl = e.ThumbUrl is null ? null : EscapedUrl(e.ThumbUrl);
        video.DurationSeconds = e.DurationSeconds;
        if (isNew)
        {
            video.UpdatedAtUtc = now;
            db.Videos.Add(video);
            report.Imported++;
        }
        else if (db.Entry(video).State == EntityState.Modified)
        {
            video.UpdatedAtUtc = now;
            report.Updated++;
        }
        else
        {
            report.Unchanged++;
        }
    }

    /// <summary>CCC file names contain spaces ("117 Kampagne Fair Sharing.mp4"): store them as a browser would request them.</summary>
    private static string EscapedUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsoluteUri : url;

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];

    private static string Describe(CccEvent e) => e.Guid.Length > 0 ? $"'{e.Title}' ({e.Guid})" : $"'{e.Title}'";
}
