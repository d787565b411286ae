using System.Text.Json.Serialization;

namespace MyVid.Upload.Api;

[JsonSerializable(typeof(NewVideoUploadResponse))]
[JsonSerializable(typeof(MultipartUploadDto))]
[JsonSerializable(typeof(PublishResponse))]
[JsonSerializable(typeof(NewUploadResponse))]
internal sealed partial class UploadJsonContext : JsonSerializerContext;
