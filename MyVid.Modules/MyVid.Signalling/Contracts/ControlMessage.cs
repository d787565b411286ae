using System.Text.Json.Serialization;

namespace MyVid.Signalling.Contracts;

/// <summary>
/// One JSON text message on the control socket (<c>GET /ENDPOINT/CONTROL</c>); <see cref="Type"/> says which fields
/// are set: <c>hello</c> (node, udp, capacity), <c>registered</c> (id, heartbeatSeconds), <c>heartbeat</c>
/// (streams, viewers), <c>client</c> (parkId, and the parked request's <c>traceparent</c> so the node's claim and
/// session continue its trace).
/// </summary>
public sealed class ControlMessage
{
    public const string Hello = "hello";
    public const string Registered = "registered";
    public const string Heartbeat = "heartbeat";
    public const string Client = "client";

    /// <summary>Control messages are small; a larger one closes the socket.</summary>
    public const int MaxBytes = 4096;

    [JsonPropertyName("type")]
    public string Type { get; set; } = "";

    [JsonPropertyName("node")]
    public string? Node { get; set; }

    [JsonPropertyName("udp")]
    public string? Udp { get; set; }

    [JsonPropertyName("capacity")]
    public int? Capacity { get; set; }

    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("heartbeatSeconds")]
    public double? HeartbeatSeconds { get; set; }

    [JsonPropertyName("streams")]
    public int? Streams { get; set; }

    [JsonPropertyName("viewers")]
    public int? Viewers { get; set; }

    [JsonPropertyName("parkId")]
    public string? ParkId { get; set; }

    [JsonPropertyName("traceparent")]
    public string? Traceparent { get; set; }
}

/// <summary>The media API's bodies (<c>/MEDIA/live...</c>), names as on the wire.</summary>
public sealed class LiveCreateRequest
{
    public string Title { get; set; } = "";

    public string Description { get; set; } = "";

    public string StreamId { get; set; } = "";
}

public sealed record LiveCreatedResponse([property: JsonPropertyName("ID")] string Id);

public sealed class LiveViewersRequest
{
    public int Viewers { get; set; }
}

public sealed class LiveRecordingRequest
{
    public string VideoObjectKey { get; set; } = "";

    public string? PreviewObjectKey { get; set; }

    public double? DurationSeconds { get; set; }

    public bool CutShort { get; set; }
}

/// <summary>Paths of the media-node protocol on an endpoint.</summary>
public static class MediaNodePaths
{
    public const string Control = "/ENDPOINT/CONTROL";
    public const string ParkedPrefix = "/ENDPOINT/PARKED/";
    public const string Live = "/MEDIA/live";

    public static string Parked(string parkId) => ParkedPrefix + parkId;

    public static string Viewers(string id) => $"{Live}/{id}/viewers";

    public static string Ended(string id) => $"{Live}/{id}/ended";

    public static string Moved(string id) => $"{Live}/{id}/moved";

    public static string Recording(string id) => $"{Live}/{id}/recording";
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(ControlMessage))]
[JsonSerializable(typeof(LiveCreateRequest))]
[JsonSerializable(typeof(LiveCreatedResponse))]
[JsonSerializable(typeof(LiveViewersRequest))]
[JsonSerializable(typeof(LiveRecordingRequest))]
public sealed partial class SignallingWireJson : JsonSerializerContext;
