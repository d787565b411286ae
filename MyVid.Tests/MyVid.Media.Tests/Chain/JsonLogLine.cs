using System.Text.Json;

namespace MyVid.Media.Tests.Chain;

/// <summary>One line of a process's JSON console log (<c>Logging:Console:FormatterName=json</c>, scopes included).</summary>
internal sealed record JsonLogLine(string Category, JsonElement State, JsonElement[] Scopes)
{
    /// <summary>The lines of a process's output that are JSON log entries (anything else it printed is skipped).</summary>
    public static List<JsonLogLine> Parse(string output)
    {
        var lines = new List<JsonLogLine>();
        foreach (var line in output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!line.StartsWith('{'))
            {
                continue;
            }
            var entry = JsonDocument.Parse(line).RootElement.Clone();
            var scopes = entry.TryGetProperty(nameof(Scopes), out var list) ? list.EnumerateArray().ToArray() : [];
            var state = entry.TryGetProperty(nameof(State), out var s) ? s : default;
            lines.Add(new JsonLogLine(entry.GetProperty(nameof(Category)).GetString()!, state, scopes));
        }
        return lines;
    }

    /// <summary>A value of the line's scopes (the innermost that has it), e.g. TraceId, StreamId, VideoId.</summary>
    public string? Scope(string name) =>
        Scopes.Reverse().Select(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty(name, out var v) ? v.ToString() : null)
            .FirstOrDefault(v => v is not null);

    /// <summary>Whether any of the line's scopes names this trace.</summary>
    public bool InTrace(string traceId) =>
        Scopes.Any(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("TraceId", out var v) && v.GetString() == traceId);

    /// <summary>A property of the message's state (its template's values), e.g. VideoId.</summary>
    public string? Value(string name) =>
        State.ValueKind == JsonValueKind.Object && State.TryGetProperty(name, out var v) ? v.ToString() : null;
}
