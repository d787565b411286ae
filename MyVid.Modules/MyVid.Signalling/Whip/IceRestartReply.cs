using System.Text.Json;

namespace MyVid.Signalling.Whip;

/// <summary>
/// The media node's reply to an ICE restart: its new credentials and candidate (<c>restarted</c>), or why not
/// (<c>error</c>), or <see cref="SessionOver"/> when the session ended meanwhile.
/// </summary>
internal sealed record IceRestartReply(string? Ufrag, string? Pwd, string? Candidate, string? Error, bool Ended = false)
{
    public static readonly IceRestartReply SessionOver = new(null, null, null, "the session ended", Ended: true);

    public static IceRestartReply From(string? type, JsonElement message)
    {
        string? Text(string name) => message.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return type == "restarted" && Text("ufrag") is { } ufrag && Text("pwd") is { } pwd
            ? new IceRestartReply(ufrag, pwd, Text("candidate"), null)
            : new IceRestartReply(null, null, null, Text("message") ?? "the media node did not restart ICE");
    }
}
