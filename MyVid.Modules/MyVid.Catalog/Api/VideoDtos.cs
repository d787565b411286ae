using System.Text.Json.Serialization;

namespace MyVid.Catalog.Api;

// The wire shapes of Appendix A and D, property names and casing exactly as the design writes them
// (it mixes "ID"/"Title" with "type"/"title"). Fields past the appendix's are additions; none is renamed.

/// <summary>One entry of <c>POST /API/VIDEO/</c>'s array.</summary>
public sealed record VideoSummaryDto(
    [property: JsonPropertyName("ID")] string Id,
    [property: JsonPropertyName("Title")] string Title,
    [property: JsonPropertyName("Description")] string Description,
    [property: JsonPropertyName("Preview")] string? Preview,
    [property: JsonPropertyName("Type")] string Type,
    [property: JsonPropertyName("Duration")] double? Duration);

/// <summary><c>GET /API/VIDEO/{ID}</c> of a stored or remote video: type <c>HTTP</c>.</summary>
public sealed record HttpVideoDto(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("URL")] string Url,
    [property: JsonPropertyName("Preview")] string? Preview,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("duration")] double? Duration)
{
    /// <summary>What the probe job learnt of a stored video (absent for remote ones and until it has run).</summary>
    [JsonPropertyName("width"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Width { get; init; }

    [JsonPropertyName("height"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Height { get; init; }

    [JsonPropertyName("videoCodec"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? VideoCodec { get; init; }

    [JsonPropertyName("audioCodec"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AudioCodec { get; init; }

    /// <summary>Why probing the file failed; the video stays playable as uploaded.</summary>
    [JsonPropertyName("processingError"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ProcessingError { get; init; }

    /// <summary>True for a live recording that ends before the stream did (its media node died); absent otherwise.</summary>
    [JsonPropertyName("cutShort"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? CutShort { get; init; }
}

/// <summary>
/// <c>GET /API/VIDEO/{ID}</c> of a live stream: type <c>WebRTC</c> (Appendix D), plus <c>WHEP</c>, an addition: the URL
/// any WHEP player can POST its offer to (docs/whep.md).
/// </summary>
public sealed record LiveVideoDto(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("ControlURL")] string ControlUrl,
    [property: JsonPropertyName("StreamID")] string StreamId,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("Viewers")] int Viewers,
    [property: JsonPropertyName("WHEP")] string Whep);

/// <summary>The body of <c>POST /API/VIDEO/</c>; every field optional.</summary>
public sealed class VideoSearchRequest
{
    /// <summary>Words to find; empty or absent means a random selection.</summary>
    public string? Search { get; set; }

    /// <summary>1-based page of search results.</summary>
    public int? Page { get; set; }

    public int? PageSize { get; set; }

    /// <summary>
    /// Only videos of this wire type: <c>HTTP</c> (stored and remote videos) or <c>WebRTC</c> (live streams). Filters
    /// the random selection; not combined with <see cref="Search"/>.
    /// </summary>
    public string? Type { get; set; }
}

[JsonSerializable(typeof(VideoSummaryDto[]))]
[JsonSerializable(typeof(HttpVideoDto))]
[JsonSerializable(typeof(LiveVideoDto))]
internal sealed partial class CatalogJsonContext : JsonSerializerContext;
