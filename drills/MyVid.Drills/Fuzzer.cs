using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MyVid.Drills;

/// <summary>
/// A bounded, seeded fuzzing run: valid bodies of the JSON API and valid Appendix C/D messages, mutated
/// (values swapped for hostile ones, properties dropped, text cut, bytes flipped, deep nesting), sent one at a time.
/// A 5xx or a dropped connection is a finding; 4xx answers and closed sockets are the node doing its job.
/// </summary>
internal sealed class Fuzzer(int seed)
{
    private readonly Random _random = new(seed);

    private static readonly JsonNode?[] Hostile =
    [
        null, JsonValue.Create(-1), JsonValue.Create(long.MaxValue), JsonValue.Create(1e308), JsonValue.Create(true),
        JsonValue.Create(""), JsonValue.Create(new string('é', 5000)), JsonValue.Create("\u0000\u001f\ud7ff"),
        JsonValue.Create("../../etc/passwd"), JsonValue.Create("<script>alert(1)</script>"), JsonValue.Create("' OR 1=1 --"),
    ];

    public static readonly string[] ApiSeeds =
    [
        """{"Search":"kde talk"}""",
        """{"Search":"a","Count":10}""",
        """{}""",
    ];

    public static readonly string[] UploadSeeds =
    [
        """{"title":"Video Title","description":"Video Description","PreviewFilename":"Banner.jpg","VideoFilename":"MyVideo.mp4","VideoSize":1000}""",
    ];

    public static readonly string[] PublishSeeds = ["""{"ID":"abcdefghij","Token":"0123456789abcdef0123456789abcdef"}"""];

    public static readonly string[] SocketSeeds =
    [
        """{"type":"join","StreamID":"3443"}""",
        """{"type":"offer","sdp":"v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8/90000\r\n"}""",
        """{"candidate":"candidate:1 1 udp 2130706431 127.0.0.1 5000 typ host"}""",
        """{"type":"LIVE","Title":"t","Description":"d"}""",
        """{"type":"answer","sdp":"v=0"}""",
    ];

    /// <summary>One mutation of <paramref name="seed"/>: structural on the parsed JSON, or on the raw bytes.</summary>
    public byte[] Mutate(string seed)
    {
        switch (_random.Next(8))
        {
            case 0:
                var cut = Encoding.UTF8.GetBytes(seed);
                return cut[.._random.Next(cut.Length)];
            case 1:
                var flipped = Encoding.UTF8.GetBytes(seed);
                for (var i = 0; i < 1 + _random.Next(4); i++)
                {
                    flipped[_random.Next(flipped.Length)] = (byte)_random.Next(256);
                }
                return flipped;
            case 2:
                var depth = 1 + _random.Next(5000);
                return Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth));
            case 3:
                var noise = new byte[_random.Next(1, 2048)];
                _random.NextBytes(noise);
                return noise;
            default:
                var node = JsonNode.Parse(seed)!.AsObject();
                var names = node.Select(p => p.Key).ToList();
                if (names.Count == 0 || _random.Next(4) == 0)
                {
                    node["Extra" + _random.Next(100)] = Pick();
                }
                else if (_random.Next(3) == 0)
                {
                    node.Remove(names[_random.Next(names.Count)]);
                }
                else
                {
                    node[names[_random.Next(names.Count)]] = Pick();
                }
                return Encoding.UTF8.GetBytes(node.ToJsonString());
        }
    }

    /// <summary>Posts <paramref name="count"/> mutations spread over the seeds; status codes counted (0: no answer).</summary>
    public async Task<Dictionary<int, int>> FuzzJsonAsync(IReadOnlyList<HttpClient> clients, IReadOnlyList<(string Url, string[] Seeds)> targets, int count,
        TimeSpan pause, List<string> findings, CancellationToken cancellationToken)
    {
        var statuses = new Dictionary<int, int>();
        for (var i = 0; i < count; i++)
        {
            var client = clients[i % clients.Count];
            var (url, seeds) = targets[i % targets.Count];
            var body = Mutate(seeds[_random.Next(seeds.Length)]);
            int status;
            try
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(_random.Next(10) == 0 ? "text/plain" : "application/json");
                using var response = await client.PostAsync(url, content, cancellationToken);
                status = (int)response.StatusCode;
                if (status >= 500)
                {
                    findings.Add($"POST {url} → {status}: {Preview(body)}");
                }
            }
            catch (HttpRequestException e)
            {
                status = 0;
                findings.Add($"POST {url} → no answer ({e.Message}): {Preview(body)}");
            }
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            await Task.Delay(pause, cancellationToken);
        }
        return statuses;
    }

    /// <summary>
    /// <paramref name="sessions"/> signalling sockets, each sending a few mutated messages (and now and then a binary
    /// frame); how each ended is counted: the node's close code, "error" answers, or still open after a second.
    /// </summary>
    public async Task<Dictionary<string, int>> FuzzSocketAsync(Uri url, IReadOnlyList<System.Net.IPAddress> sources, int sessions, TimeSpan pause,
        CancellationToken cancellationToken)
    {
        var endings = new Dictionary<string, int>();
        for (var i = 0; i < sessions; i++)
        {
            string ending;
            try
            {
                using var socket = await HostileClients.ConnectAsync(url, sources[i % sources.Count], cancellationToken);
                for (var m = 0; m < 1 + _random.Next(4) && socket.State == WebSocketState.Open; m++)
                {
                    var message = _random.Next(3) == 0 ? Encoding.UTF8.GetBytes(SocketSeeds[_random.Next(SocketSeeds.Length)]) : Mutate(SocketSeeds[_random.Next(SocketSeeds.Length)]);
                    var type = _random.Next(10) == 0 ? WebSocketMessageType.Binary : WebSocketMessageType.Text;
                    await socket.SendAsync(message, type, true, cancellationToken);
                }
                ending = await EndingAsync(socket);
            }
            catch (WebSocketException e)
            {
                ending = "refused or reset: " + e.WebSocketErrorCode;
            }
            endings[ending] = endings.GetValueOrDefault(ending) + 1;
            await Task.Delay(pause, cancellationToken);
        }
        return endings;
    }

    private static async Task<string> EndingAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var answered = "";
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, wait.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return $"closed {(int?)socket.CloseStatus}{answered}";
                }
                if (result.EndOfMessage && TryType(buffer.AsSpan(0, result.Count)) is { } type)
                {
                    answered = $" after \"{type}\"";
                }
            }
        }
        catch (OperationCanceledException)
        {
            return "open after 1 s" + answered;
        }
        catch (WebSocketException)
        {
            return "reset" + answered;
        }
    }

    private static string? TryType(ReadOnlySpan<byte> message)
    {
        try
        {
            using var document = JsonDocument.Parse(message.ToArray());
            return document.RootElement.TryGetProperty("type", out var type) ? type.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private JsonNode? Pick() => Hostile[_random.Next(Hostile.Length)]?.DeepClone();

    private static string Preview(byte[] body) => Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(120, body.Length)));
}
