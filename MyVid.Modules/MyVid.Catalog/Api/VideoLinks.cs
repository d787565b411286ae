using Microsoft.Extensions.Options;
using MyVid.Catalog.Persistence;
using MyVid.Catalog.Search;
using MyVid.Platform.Storage;

namespace MyVid.Catalog.Api;

/// <summary>Turns stored object keys into the time-limited URLs the design promises (24 h by default).</summary>
internal sealed class VideoLinks(IObjectStore store, IOptions<ObjectStoreOptions> options, TimeProvider clock)
{
    public string? Preview(string? objectKey, string? externalUrl) =>
        objectKey is null ? externalUrl : store.GetDownloadUrl(ObjectBucket.Previews, objectKey, ExpiresAt()).AbsoluteUri;

    public string? Video(Video video) =>
        video.Kind == VideoKind.MyVid && video.VideoObjectKey is { } key
            ? store.GetDownloadUrl(ObjectBucket.Videos, key, ExpiresAt()).AbsoluteUri
            : video.Url;

    public VideoSummaryDto Summary(VideoSummaryRow row) =>
        new(row.Id, row.Title, row.Description, Preview(row.PreviewObjectKey, row.PreviewUrl), WireType(row.Kind), row.DurationSeconds);

    public const string HttpType = "HTTP";

    public const string WebRtcType = "WebRTC";

    /// <summary>Clients see two types: stored videos are answered as HTTP.</summary>
    public static string WireType(VideoKind kind) => kind == VideoKind.WebRtc ? WebRtcType : HttpType;

    /// <summary>A wire type as a filter: live streams, or every other kind.</summary>
    public static bool TryParseWireType(string type, out bool live)
    {
        live = type == WebRtcType;
        return live || type == HttpType;
    }

    private DateTimeOffset ExpiresAt() => clock.GetUtcNow() + options.Value.UrlLifetime;
}
