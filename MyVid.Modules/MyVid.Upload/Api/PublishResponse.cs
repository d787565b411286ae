using System.Text.Json.Serialization;

namespace MyVid.Upload.Api;

/// <summary>Appendix B step 10 is a bare 200; the body says which video is now public.</summary>
public sealed record PublishResponse(
    [property: JsonPropertyName("ID")] string Id,
    [property: JsonPropertyName("Public")] bool Public);
