using System.Text.Json;

namespace MyVid.Catalog.Import;

/// <summary>
/// Reads the three voctoweb shapes: a conference (<c>events[]</c> beside conference fields), a search result
/// (<c>events[]</c>) or a single event (an object with <c>guid</c>).
/// </summary>
internal static class CccFileReader
{
    public static IReadOnlyList<CccEvent> Read(string name, ReadOnlySpan<byte> json)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new CccFormatException($"{name}: not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new CccFormatException($"{name}: expected a JSON object (an event, an events list or a conference), found {root.ValueKind}.");
            }
            if (root.TryGetProperty("events", out var events))
            {
                if (events.ValueKind != JsonValueKind.Array)
                {
                    throw new CccFormatException($"{name}: 'events' must be an array.");
                }
                var conference = Text(root, "title");
                return events.EnumerateArray().Select((e, i) => ReadEvent(name, $"events[{i}]", e, conference)).ToList();
            }
            if (root.TryGetProperty("guid", out _))
            {
                return [ReadEvent(name, "event", root, null)];
            }
            throw new CccFormatException($"{name}: neither an event (no 'guid') nor a list of events (no 'events').");
        }
    }

    private static CccEvent ReadEvent(string name, string where, JsonElement e, string? conferenceTitle)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new CccFormatException($"{name}: {where} is not an object.");
        }
        var recordings = e.TryGetProperty("recordings", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object).Select(ReadRecording).OfType<CccRecording>().ToList()
            : [];
        return new CccEvent(
            Guid: Text(e, "guid") ?? "",
            Title: Text(e, "title") ?? "",
            Description: HtmlText.ToPlainText(Text(e, "description") ?? Text(e, "subtitle") ?? ""),
            Persons: Strings(e, "persons"),
            Tags: Strings(e, "tags"),
            ConferenceTitle: Text(e, "conference_title") ?? conferenceTitle,
            ThumbUrl: Text(e, "thumb_url") ?? Text(e, "poster_url"),
            DurationSeconds: Number(e, "duration") ?? Number(e, "length"),
            Recordings: recordings);
    }

    private static CccRecording? ReadRecording(JsonElement r)
    {
        var mime = Text(r, "mime_type");
        var url = Text(r, "recording_url");
        if (mime is null || url is null)
        {
            return null;
        }
        return new CccRecording(mime, url,
            r.TryGetProperty("high_quality", out var hq) && hq.ValueKind == JsonValueKind.True,
            (int)(Number(r, "height") ?? 0), Text(r, "folder"));
    }

    private static string? Text(JsonElement e, string property) =>
        e.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s ? s : null;

    private static double? Number(JsonElement e, string property) =>
        e.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static List<string> Strings(JsonElement e, string property) =>
        e.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList()
            : [];
}
