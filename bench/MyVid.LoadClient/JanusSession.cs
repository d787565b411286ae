using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MyVid.LoadClient;

/// <summary>
/// A viewer's signalling with Janus's streaming plugin over its HTTP API (janus-reference recipe): create a session,
/// attach <c>janus.plugin.streaming</c>, <c>watch</c> a mountpoint, take the offer from the long-poll events, answer
/// with <c>start</c>. Janus offers (ICE-lite in the side-by-side config), we answer as the controlling agent and
/// DTLS client, exactly as against the media node.
/// </summary>
internal sealed class JanusSession
{
    private readonly HttpClient _http;
    private readonly Uri _session;
    private readonly Uri _handle;

    private JanusSession(HttpClient http, Uri session, Uri handle)
    {
        _http = http;
        _session = session;
        _handle = handle;
    }

    public static async Task<JanusSession> CreateAsync(HttpClient http, Uri janus, CancellationToken cancellationToken)
    {
        var sessionId = await RequestIdAsync(http, janus, new JsonObject { ["janus"] = "create" }, cancellationToken);
        var session = new Uri($"{janus.AbsoluteUri.TrimEnd('/')}/{sessionId}");
        var handleId = await RequestIdAsync(http, session, new JsonObject { ["janus"] = "attach", ["plugin"] = "janus.plugin.streaming" }, cancellationToken);
        return new JanusSession(http, session, new Uri($"{session.AbsoluteUri}/{handleId}"));
    }

    /// <summary>Asks to watch <paramref name="mountpoint"/>; returns Janus's offer SDP.</summary>
    public async Task<string> WatchAsync(int mountpoint, CancellationToken cancellationToken)
    {
        await PostAsync(_handle, new JsonObject { ["janus"] = "message", ["body"] = new JsonObject { ["request"] = "watch", ["id"] = mountpoint } }, cancellationToken);
        while (true)
        {
            using var poll = await _http.GetAsync(new Uri(_session.AbsoluteUri + "?maxev=1"), cancellationToken);
            poll.EnsureSuccessStatusCode();
            var message = await poll.Content.ReadFromJsonAsync<JsonNode>(cancellationToken);
            if (message?["janus"]?.GetValue<string>() == "event" && message["jsep"]?["sdp"]?.GetValue<string>() is { } sdp)
            {
                return sdp;
            }

            if (message?["plugindata"]?["data"]?["error"]?.GetValue<string>() is { } error)
            {
                throw new InvalidOperationException("janus: " + error);
            }
        }
    }

    /// <summary>Sends our answer (<c>start</c>) and our one candidate, then the end of candidates.</summary>
    public async Task StartAsync(string answerSdp, string candidate, CancellationToken cancellationToken)
    {
        await PostAsync(_handle, new JsonObject
        {
            ["janus"] = "message",
            ["body"] = new JsonObject { ["request"] = "start" },
            ["jsep"] = new JsonObject { ["type"] = "answer", ["sdp"] = answerSdp },
        }, cancellationToken);
        await PostAsync(_handle, new JsonObject
        {
            ["janus"] = "trickle",
            ["candidate"] = new JsonObject { ["candidate"] = candidate, ["sdpMid"] = "0", ["sdpMLineIndex"] = 0 },
        }, cancellationToken);
        await PostAsync(_handle, new JsonObject { ["janus"] = "trickle", ["candidate"] = new JsonObject { ["completed"] = true } }, cancellationToken);
    }

    public async Task DestroyAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await PostAsync(_session, new JsonObject { ["janus"] = "destroy" }, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or InvalidOperationException)
        {
            // Janus may be gone already
        }
    }

    private static async Task<long> RequestIdAsync(HttpClient http, Uri url, JsonObject request, CancellationToken cancellationToken)
    {
        var reply = await PostAsync(http, url, request, cancellationToken);
        return reply["data"]?["id"]?.GetValue<long>() ?? throw new InvalidOperationException("janus: no id in " + reply.ToJsonString());
    }

    private Task<JsonNode> PostAsync(Uri url, JsonObject request, CancellationToken cancellationToken) =>
        PostAsync(_http, url, request, cancellationToken);

    private static async Task<JsonNode> PostAsync(HttpClient http, Uri url, JsonObject request, CancellationToken cancellationToken)
    {
        request["transaction"] = Guid.NewGuid().ToString("N");
        using var response = await http.PostAsJsonAsync(url, request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var reply = await response.Content.ReadFromJsonAsync<JsonNode>(cancellationToken) ?? throw new InvalidOperationException("janus: empty reply");
        if (reply["janus"]?.GetValue<string>() == "error")
        {
            throw new InvalidOperationException("janus: " + reply["error"]?["reason"]?.GetValue<string>());
        }

        return reply;
    }
}
