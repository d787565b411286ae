using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using MyVid.Signalling.Contracts;

namespace MyVid.Signalling.Tests;

/// <summary>
/// A media node written from the protocol document: registers over a signed control socket, heartbeats, and for each
/// parked client opens <c>/ENDPOINT/PARKED/{parkId}</c> and echoes every frame back as it came (fragments too).
/// </summary>
internal sealed class FakeMediaNode : IAsyncDisposable
{
    private readonly ClientWebSocket _control;
    private readonly CancellationTokenSource _stop = new();
    private readonly Uri _endpoint;
    private readonly byte[] _secret;
    private readonly List<Task> _sessions = [];
    private Task _loop = Task.CompletedTask;
    private Task _beats = Task.CompletedTask;

    private FakeMediaNode(Uri endpoint, byte[] secret, string name, ClientWebSocket control)
    {
        _endpoint = endpoint;
        _secret = secret;
        Name = name;
        _control = control;
    }

    public string Name { get; }

    public string Id { get; private set; } = "";

    /// <summary>False: parked clients are announced but never claimed.</summary>
    public bool AnswerClients { get; set; } = true;

    /// <summary>The close status and reason each served session saw from the client side.</summary>
    public List<(WebSocketCloseStatus? Status, string? Reason)> SessionCloses { get; } = [];

    /// <summary>When set, a served session closes itself with this status after its first echo.</summary>
    public WebSocketCloseStatus? CloseAfterFirstEcho { get; set; }

    /// <summary>
    /// When set, sessions speak instead of echoing: each whole text message a client sends is kept in <see cref="Received"/>
    /// and answered with the messages this returns (none: silence); <see cref="Close"/> among them closes the session
    /// (1008, as the media node closes a join of an unknown stream).
    /// </summary>
    public Func<JsonElement, string[]>? Script { get; set; }

    public const string Close = "<close>";

    /// <summary>The messages scripted sessions received, in order.</summary>
    public List<string> Received { get; } = [];

    public static async Task<FakeMediaNode> RegisterAsync(Uri endpoint, string secret = Cluster.Secret, string? name = null, bool heartbeat = true)
    {
        var bytes = Encoding.UTF8.GetBytes(secret);
        name ??= "fake-" + Guid.NewGuid().ToString("N")[..8];
        var control = new ClientWebSocket();
        Sign(control.Options, bytes, name, MediaNodePaths.Control);
        await control.ConnectAsync(SocketUri(endpoint, MediaNodePaths.Control), CancellationToken.None);
        var node = new FakeMediaNode(endpoint, bytes, name, control);
        await node.SendAsync(new ControlMessage { Type = ControlMessage.Hello, Node = name, Udp = "127.0.0.1:40000", Capacity = 100 });
        var registered = await node.ReceiveAsync() ?? throw new InvalidOperationException("no registered message");
        Assert.That(registered.Type, Is.EqualTo(ControlMessage.Registered));
        node.Id = registered.Id!;
        node._loop = node.LoopAsync();
        if (heartbeat)
        {
            node._beats = node.BeatAsync(TimeSpan.FromSeconds(registered.HeartbeatSeconds!.Value));
        }
        return node;
    }

    public static void Sign(ClientWebSocketOptions options, byte[] secret, string name, string path)
    {
        foreach (var (key, value) in ClusterSignature.Headers(secret, "GET", path, name, DateTimeOffset.UtcNow, default))
        {
            options.SetRequestHeader(key, value);
        }
    }

    public static Uri SocketUri(Uri endpoint, string path) =>
        new UriBuilder(new Uri(endpoint, path.TrimStart('/'))) { Scheme = "ws" }.Uri;

    /// <summary>Stops heartbeats but keeps the socket open: the endpoint must drop the node.</summary>
    public void StopHeartbeats() => _stop.Cancel();

    public Task ControlClosed => _loop;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_control.State == WebSocketState.Open)
        {
            try
            {
                await _control.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", new CancellationTokenSource(2000).Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                _control.Abort();
            }
        }
        await Task.WhenAny(Task.WhenAll(_loop, _beats), Task.Delay(3000));
        lock (_sessions)
        {
            _ = Task.WhenAny(Task.WhenAll(_sessions), Task.Delay(3000));
        }
        _control.Dispose();
        _stop.Dispose();
    }

    private async Task BeatAsync(TimeSpan interval)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(interval, _stop.Token);
                await SendAsync(new ControlMessage { Type = ControlMessage.Heartbeat, Streams = 0, Viewers = 0 });
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }
    }

    private async Task LoopAsync()
    {
        try
        {
            while (await ReceiveAsync() is { } message)
            {
                if (message.Type == ControlMessage.Client && AnswerClients)
                {
                    lock (_sessions)
                    {
                        _sessions.Add(Task.Run(() => ServeAsync(message.ParkId!)));
                    }
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync(string parkId)
    {
        using var socket = new ClientWebSocket();
        var path = MediaNodePaths.Parked(parkId);
        Sign(socket.Options, _secret, Name, path);
        await socket.ConnectAsync(SocketUri(_endpoint, path), CancellationToken.None);
        if (Script is { } script)
        {
            await SpeakAsync(socket, script);
            return;
        }
        var buffer = new byte[1024];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    lock (SessionCloses)
                    {
                        SessionCloses.Add((socket.CloseStatus, socket.CloseStatusDescription));
                    }
                    await socket.CloseOutputAsync(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, socket.CloseStatusDescription, CancellationToken.None);
                    return;
                }
                await socket.SendAsync(buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage, CancellationToken.None);
                if (result.EndOfMessage && CloseAfterFirstEcho is { } status)
                {
                    await socket.CloseAsync(status, "media node says bye", CancellationToken.None);
                    return;
                }
            }
        }
        catch (WebSocketException)
        {
        }
    }

    private async Task SpeakAsync(ClientWebSocket socket, Func<JsonElement, string[]> script)
    {
        var buffer = new byte[8192];
        var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    lock (SessionCloses)
                    {
                        SessionCloses.Add((socket.CloseStatus, socket.CloseStatusDescription));
                    }
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    return;
                }
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }
                var text = Encoding.UTF8.GetString(message.ToArray());
                message.SetLength(0);
                lock (Received)
                {
                    Received.Add(text);
                }
                using var parsed = JsonDocument.Parse(text);
                foreach (var reply in script(parsed.RootElement))
                {
                    if (reply == Close)
                    {
                        await socket.CloseAsync(WebSocketCloseStatus.PolicyViolation, "no such stream", CancellationToken.None);
                        return;
                    }
                    await socket.SendAsync(Encoding.UTF8.GetBytes(reply), WebSocketMessageType.Text, true, CancellationToken.None);
                }
            }
        }
        catch (WebSocketException)
        {
        }
    }

    private async Task SendAsync(ControlMessage message) =>
        await _control.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message, SignallingWireJson.Default.ControlMessage),
            WebSocketMessageType.Text, true, CancellationToken.None);

    private async Task<ControlMessage?> ReceiveAsync()
    {
        var buffer = new byte[4096];
        var result = await _control.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
        return result.MessageType == WebSocketMessageType.Close
            ? null
            : JsonSerializer.Deserialize(buffer.AsSpan(0, result.Count), SignallingWireJson.Default.ControlMessage);
    }
}
