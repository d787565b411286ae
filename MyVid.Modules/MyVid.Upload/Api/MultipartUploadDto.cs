using System.Text.Json.Serialization;

namespace MyVid.Upload.Api;

/// <summary>
/// A video uploaded in parts: PUT part N's bytes (offset (N-1)×PartSize) to its URL. <c>Stored</c> lists the parts
/// the store already holds, so an interrupted upload sends only the rest; <c>Parts</c> has fresh URLs for those.
/// </summary>
public sealed record MultipartUploadDto(
    [property: JsonPropertyName("UploadID")] string UploadId,
    [property: JsonPropertyName("PartSize")] long PartSize,
    [property: JsonPropertyName("PartCount")] int PartCount,
    [property: JsonPropertyName("Parts")] IReadOnlyList<PartUrlDto> Parts,
    [property: JsonPropertyName("Stored")] IReadOnlyList<StoredPartDto> Stored);

public sealed record PartUrlDto(
    [property: JsonPropertyName("PartNumber")] int PartNumber,
    [property: JsonPropertyName("URL")] string Url);

public sealed record StoredPartDto(
    [property: JsonPropertyName("PartNumber")] int PartNumber,
    [property: JsonPropertyName("Size")] long Size);
