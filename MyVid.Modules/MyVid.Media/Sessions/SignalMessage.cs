using System.Text.Json;

namespace MyVid.Media.Sessions;

/// <summary>
/// One client message of Appendix C or D, read leniently: keys in any case; a candidate either as
/// <c>{"candidate":"..."}</c>, the browser's <c>RTCIceCandidateInit</c> (with sdpMid/sdpMLineIndex), or nested
/// under <c>candidate</c>; an empty or null candidate marks the end of candidates.
/// </summary>
internal sealed record SignalMessage(string? Type, string? Sdp, bool IsCandidate, string? Candidate, string? StreamId, string? Title, string? Description)
{
    /// <summary><c>"Record":false</c> in <c>LIVE</c>: this stream is not recorded (absent: the node's setting decides).</summary>
    public bool Record { get; init; } = true;

    /// <summary>An ICE restart's new ufrag and password (<c>{"type":"restart","ufrag","pwd"}</c>, added to the appendices' messages).</summary>
    public string? Ufrag { get; init; }

    /// <inheritdoc cref="Ufrag"/>
    public string? Pwd { get; init; }

    /// <summary>Parses a text message; null with the reason when it is not a JSON object.</summary>
    public static SignalMessage? TryParse(ReadOnlyMemory<byte> utf8, out string? error)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 8 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "a message must be a JSON object";
                return null;
            }

            error = null;
            var isCandidate = TryGetProperty(root, "candidate", out var candidate);
            var candidateText = candidate.ValueKind switch
            {
                JsonValueKind.String => candidate.GetString(),
                JsonValueKind.Object => TryGetProperty(candidate, "candidate", out var inner) && inner.ValueKind == JsonValueKind.String ? inner.GetString() : null,
                _ => null,
            };
            return new SignalMessage(
                String(root, "type"), String(root, "sdp"), isCandidate, candidateText,
                String(root, "StreamID"), String(root, "Title"), String(root, "Description"))
            {
                Record = !TryGetProperty(root, "Record", out var record) || record.ValueKind != JsonValueKind.False,
                Ufrag = String(root, "ufrag"),
                Pwd = String(root, "pwd"),
            };
        }
        catch (JsonException e)
        {
            error = "malformed JSON: " + e.Message;
            return null;
        }
    }

    private static string? String(JsonElement element, string name) =>
        TryGetProperty(element, name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}
