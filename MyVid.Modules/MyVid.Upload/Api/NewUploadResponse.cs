using System.Text.Json.Serialization;

namespace MyVid.Upload.Api;

/// <summary>Appendix B step 2: where to send <c>POST /NEWVIDEOUPLOAD</c>.</summary>
public sealed record NewUploadResponse([property: JsonPropertyName("Server")] string Server);
