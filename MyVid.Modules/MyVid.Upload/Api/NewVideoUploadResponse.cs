using System.Text.Json.Serialization;

namespace MyVid.Upload.Api;

/// <summary>
/// Appendix B step 4: <c>{"ID","PreviewURL","VideoURL"}</c> plus the upload token only this uploader gets. The URLs
/// take a PUT (the appendix writes POST; S3's pre-signed uploads are PUTs) with the given content type. A large
/// video has no <c>VideoURL</c> but a <c>Multipart</c> description instead.
/// </summary>
public sealed record NewVideoUploadResponse(
    [property: JsonPropertyName("ID")] string Id,
    [property: JsonPropertyName("PreviewURL")] string? PreviewUrl,
    [property: JsonPropertyName("VideoURL")] string? VideoUrl,
    [property: JsonPropertyName("Token")] string Token,
    [property: JsonPropertyName("PreviewContentType")] string? PreviewContentType,
    [property: JsonPropertyName("VideoContentType")] string VideoContentType,
    [property: JsonPropertyName("URLsExpireAt")] DateTimeOffset UrlsExpireAt,
    [property: JsonPropertyName("Multipart")] MultipartUploadDto? Multipart);
