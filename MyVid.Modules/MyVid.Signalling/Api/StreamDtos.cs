using System.Text.Json.Serialization;

namespace MyVid.Signalling.Api;

// Appendix C's shapes, names and casing exactly as the design writes them.

/// <summary>One entry of <c>iceServers</c> (an RTCIceServer): STUN has only <c>urls</c>; TURN adds a credential.</summary>
public sealed record IceServerDto(
    [property: JsonPropertyName("urls")] string Urls,
    [property: JsonPropertyName("credential"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Credential = null,
    [property: JsonPropertyName("username"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Username = null);

/// <summary>The RTCConfiguration part: <c>{"iceServers":[...]}</c>; also the answer of <c>GET /API/ICE</c>.</summary>
public sealed record PeerOptionsDto([property: JsonPropertyName("iceServers")] IReadOnlyList<IceServerDto> IceServers);

/// <summary><c>GET /API/NEWSTREAM/</c>: where to open the broadcast's signalling socket (<c>/ENDPOINT/{Endpoint}</c> on <c>Server</c>).</summary>
public sealed record NewStreamDto(
    [property: JsonPropertyName("PeerOptions")] PeerOptionsDto PeerOptions,
    [property: JsonPropertyName("Server")] string Server,
    [property: JsonPropertyName("Endpoint")] string Endpoint);

[JsonSerializable(typeof(NewStreamDto))]
[JsonSerializable(typeof(PeerOptionsDto))]
internal sealed partial class StreamJsonContext : JsonSerializerContext;
