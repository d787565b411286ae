using System.Text.Json.Serialization;

namespace MyVid.Upload.Api;

/// <summary>
/// Appendix B step 2: where to send <c>POST /NEWVIDEOUPLOAD</c>; with the largest video and preview it accepts
/// (<c>Upload:MaxVideoBytes</c>, <c>Upload:MaxPreviewBytes</c>), so a client can refuse a file before sending it.
/// </summary>
public sealed record NewUploadResponse(
    [property: JsonPropertyName("Server")] string Server,
    [property: JsonPropertyName("MaxVideoBytes")] long MaxVideoBytes,
    [property: JsonPropertyName("MaxPreviewBytes")] long MaxPreviewBytes);
