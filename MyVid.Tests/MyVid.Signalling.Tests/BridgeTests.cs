using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using MyVid.Signalling.Contracts;
using MyVid.Testing;

namespace MyVid.Signalling.Tests;

/// <summary>
/// One api+endpoint node and fake media nodes written from the protocol: registration, parking, the bridge both
/// ways, closes, timeouts, refusals and bounds.
/// </summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Production)]
public sealed class BridgeTests(Backend backend)
{
    private Cluster _cluster = null!;
    private TestNode _node = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _cluster = await Cluster.CreateAsync(backend, ("Signalling:MaxParkedPerAddress", "3"), ("Signalling:MaxMessageBytes", "65536"));
        _node = await _cluster.StartNodeAsync(backend, "api,endpoint");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _node.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    [Test]
    public async Task A_registered_node_is_offered_by_NEWSTREAM_and_echoes_through_the_bridge_text_binary_and_fragments()
    {
        await using var media = await FakeMediaNode.RegisterAsync(_node.BaseUrl);
        var offered = await WaitForNewStreamAsync(media.Id);
        Assert.That(offered.GetProperty("Server").GetString(), Is.EqualTo(_node.BaseUrl.Authority));

        using var client = await ConnectClientAsync(media.Id);
        Assert.That(await EchoAsync(client, "{\"type\":\"offer\",\"sdp\":\"v=0\"}"), Is.EqualTo("{\"type\":\"offer\",\"sdp\":\"v=0\"}"));
        var binary = Enumerable.Range(0, 3000).Select(i => (byte)i).ToArray();
        await client.SendAsync(binary, WebSocketMessageType.Binary, true, CancellationToken.None);
        var (type, bytes) = await ReceiveMessageAsync(client);
        Assert.That(type, Is.EqualTo(WebSocketMessageType.Binary));
        Assert.That(bytes, Is.EqualTo(binary));

        // A message sent in three fragments arrives whole (the bridge passed the fragments on as fragments).
        var text = new string('x', 40_000);
        var utf8 = Encoding.UTF8.GetBytes(text);
        await client.SendAsync(utf8.AsMemory(0, 10_000), WebSocketMessageType.Text, false, CancellationToken.None);
        await client.SendAsync(utf8.AsMemory(10_000, 20_000), WebSocketMessageType.Text, false, CancellationToken.None);
        await client.SendAsync(utf8.AsMemory(30_000), WebSocketMessageType.Text, true, CancellationToken.None);
        var (_, whole) = await ReceiveMessageAsync(client);
        Assert.That(Encoding.UTF8.GetString(whole), Is.EqualTo(text));
        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
    }

    [Test]
    public async Task A_client_s_close_reaches_the_media_node_with_its_status_and_completes_the_handshake()
    {
        await using var media = await FakeMediaNode.RegisterAsync(_node.BaseUrl);
        using var client = await ConnectClientAsync(media.Id);
        Assert.That(await EchoAsync(client, "hello"), Is.EqualTo("hello"));
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.CloseAsync((WebSocketCloseStatus)4001, "client leaves", limit.Token);
        Assert.That(client.State, Is.EqualTo(WebSocketState.Closed));
        Assert.That(client.CloseStatus, Is.EqualTo((WebSocketCloseStatus)4001), "the media node's answer came back through the bridge");
        await WaitUntilAsync(() => media.SessionCloses.Count == 1);
        Assert.That(media.SessionCloses[0], Is.EqualTo(((WebSocketCloseStatus?)4001, (string?)"client leaves")));
    }

    [Test]
    public async Task A_media_node_s_close_reaches_the_client()
    {
        await using var media = await FakeMediaNode.RegisterAsync(_node.BaseUrl);
        media.CloseAfterFirstEcho = (WebSocketCloseStatus)4002;
        using var client = await ConnectClientAsync(media.Id);
        Assert.That(await EchoAsync(client, "one"), Is.EqualTo("one"));
        var buffer = new byte[256];
        var result = await client.ReceiveAsync(buffer.AsMemory(), new CancellationTokenSource(10_000).Token);
        Assert.That(result.MessageType, Is.EqualTo(WebSocketMessageType.Close));
        Assert.That(client.CloseStatus, Is.EqualTo((WebSocketCloseStatus)4002));
        Assert.That(client.CloseStatusDescription, Is.EqualTo("media node says bye"));
    }

    [Test]
    public async Task An_unclaimed_parked_client_is_closed_with_1013_after_the_park_timeout()
    {
        await using var media = await FakeMediaNode.RegisterAsync(_node.BaseUrl);
        media.AnswerClients = false;
        using var client = await ConnectClientAsync(media.Id);
        var started = DateTime.UtcNow;
        var result = await client.ReceiveAsync(new byte[64].AsMemory(), new CancellationTokenSource(10_000).Token);
        Assert.That(result.MessageType, Is.EqualTo(WebSocketMessageType.Close));
        Assert.That((int?)client.CloseStatus, Is.EqualTo(1013));
        Assert.That(client.CloseStatusDescription, Is.EqualTo("no media node answered"));
        Assert.That(DateTime.UtcNow - started, Is.GreaterThan(TimeSpan.FromMilliseconds(700)).And.LessThan(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public async Task Parked_clients_per_address_are_bounded_with_429()
    {
        await using var media = await FakeMediaNode.RegisterAsync(_node.BaseUrl);
        media.AnswerClients = false;
        var parked = new List<ClientWebSocket>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                parked.Add(await ConnectClientAsync(media.Id));
            }
            using var refused = new ClientWebSocket();
            refused.Options.CollectHttpResponseDetails = true;
            Assert.ThrowsAsync<WebSocketException>(() => refused.ConnectAsync(FakeMediaNode.SocketUri(_node.BaseUrl, "/ENDPOINT/" + media.Id), CancellationToken.None));
            Assert.That(refused.HttpStatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        }
        finally
        {
            parked.ForEach(p => p.Dispose());
        }
    }

    [Test]
    public async Task A_message_over_the_limit_closes_both_sides_with_1009()
    {
        await using var media = await FakeMediaNode.RegisterAsync(_node.BaseUrl);
        using var client = await ConnectClientAsync(media.Id);
        await client.SendAsync(new byte[65_537], WebSocketMessageType.Binary, true, CancellationToken.None);
        var buffer = new byte[70_000];
        ValueWebSocketReceiveResult result;
        do
        {
            result = await client.ReceiveAsync(buffer.AsMemory(), new CancellationTokenSource(10_000).Token);
        }
        while (result.MessageType != WebSocketMessageType.Close);
        Assert.That(client.CloseStatus, Is.EqualTo(WebSocketCloseStatus.MessageTooBig));
        await WaitUntilAsync(() => media.SessionCloses.Count == 1);
        Assert.That(media.SessionCloses[0].Status, Is.EqualTo(WebSocketCloseStatus.MessageTooBig));
    }

    [Test]
    public async Task An_unknown_node_id_is_refused_with_404_before_the_upgrade()
    {
        using var response = await _node.Http.GetAsync("ENDPOINT/NoSuchNode");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(FakeMediaNode.SocketUri(_node.BaseUrl, "/ENDPOINT/NoSuchNode"), CancellationToken.None));
        Assert.That(socket.HttpStatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_media_node_with_a_wrong_or_missing_secret_is_refused_with_401()
    {
        var wrong = Assert.ThrowsAsync<WebSocketException>(() => FakeMediaNode.RegisterAsync(_node.BaseUrl, secret: "another-cluster-secret-0123456789abcdef"));
        Assert.That(wrong!.Message, Does.Contain("401"));
        using var unsigned = new ClientWebSocket();
        unsigned.Options.CollectHttpResponseDetails = true;
        Assert.ThrowsAsync<WebSocketException>(() => unsigned.ConnectAsync(FakeMediaNode.SocketUri(_node.BaseUrl, MediaNodePaths.Control), CancellationToken.None));
        Assert.That(unsigned.HttpStatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        using var api = await _node.Http.PostAsync("MEDIA/live", new StringContent("{}"));
        Assert.That(api.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task A_replayed_or_stale_signature_is_refused()
    {
        var secret = Encoding.UTF8.GetBytes(Cluster.Secret);
        var body = "{\"Viewers\":3}"u8.ToArray();
        var headers = ClusterSignature.Headers(secret, "POST", "/MEDIA/live/NoSuchVideo/viewers", "replayer", DateTimeOffset.UtcNow, body);
        Assert.That(await PostSignedAsync("MEDIA/live/NoSuchVideo/viewers", body, headers), Is.EqualTo(HttpStatusCode.NotFound), "accepted once");
        Assert.That(await PostSignedAsync("MEDIA/live/NoSuchVideo/viewers", body, headers), Is.EqualTo(HttpStatusCode.Unauthorized), "replayed");
        var old = ClusterSignature.Headers(secret, "POST", "/MEDIA/live/NoSuchVideo/viewers", "replayer", DateTimeOffset.UtcNow.AddMinutes(-5), body);
        Assert.That(await PostSignedAsync("MEDIA/live/NoSuchVideo/viewers", body, old), Is.EqualTo(HttpStatusCode.Unauthorized), "stale");
        var tampered = ClusterSignature.Headers(secret, "POST", "/MEDIA/live/NoSuchVideo/viewers", "replayer", DateTimeOffset.UtcNow, body);
        Assert.That(await PostSignedAsync("MEDIA/live/NoSuchVideo/viewers", "{\"Viewers\":9}"u8.ToArray(), tampered),
            Is.EqualTo(HttpStatusCode.Unauthorized), "body changed after signing");
    }

    [Test]
    public async Task A_node_that_stops_heartbeating_is_dropped_and_no_longer_offered()
    {
        await using var media = await FakeMediaNode.RegisterAsync(_node.BaseUrl);
        await WaitForNewStreamAsync(media.Id);
        media.StopHeartbeats();
        Assert.That(await Task.WhenAny(media.ControlClosed, Task.Delay(5000)), Is.SameAs(media.ControlClosed), "the endpoint closed the control socket");
        // The endpoint's receive timed out and aborted the socket; it drops the node from its registry right after.
        await WaitUntilAsync(async () =>
        {
            using var gone = await _node.Http.GetAsync("ENDPOINT/" + media.Id);
            return gone.StatusCode == HttpStatusCode.NotFound;
        });
        await WaitUntilAsync(async () => !(await NewStreamIdsAsync(10)).Contains(media.Id));
    }

    private async Task<HttpStatusCode> PostSignedAsync(string path, byte[] body, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        foreach (var (key, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(key, value);
        }
        using var response = await _node.Http.SendAsync(request);
        return response.StatusCode;
    }

    private async Task<ClientWebSocket> ConnectClientAsync(string id)
    {
        var client = new ClientWebSocket();
        await client.ConnectAsync(FakeMediaNode.SocketUri(_node.BaseUrl, "/ENDPOINT/" + id), CancellationToken.None);
        return client;
    }

    private async Task<JsonElement> WaitForNewStreamAsync(string id)
    {
        JsonElement found = default;
        await WaitUntilAsync(async () =>
        {
            using var response = await _node.Http.GetAsync("API/NEWSTREAM/");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }
            found = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            return found.GetProperty("Endpoint").GetString() == id;
        });
        return found;
    }

    private async Task<HashSet<string>> NewStreamIdsAsync(int times)
    {
        var ids = new HashSet<string>();
        for (var i = 0; i < times; i++)
        {
            using var response = await _node.Http.GetAsync("API/NEWSTREAM/");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                ids.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("Endpoint").GetString()!);
            }
        }
        return ids;
    }

    internal static async Task<string> EchoAsync(WebSocket client, string text)
    {
        await client.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
        var (_, bytes) = await ReceiveMessageAsync(client);
        return Encoding.UTF8.GetString(bytes);
    }

    internal static async Task<(WebSocketMessageType Type, byte[] Bytes)> ReceiveMessageAsync(WebSocket socket)
    {
        using var message = new MemoryStream();
        var buffer = new byte[8192];
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(), limit.Token);
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return (result.MessageType, message.ToArray());
            }
        }
    }

    internal static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition, double seconds = 10)
    {
        var end = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(end), "timed out waiting");
            await Task.Delay(50);
        }
    }
}
