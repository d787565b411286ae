using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using MyVid.Host;
using MyVid.Signalling.Contracts;

// bench/MyVid.Bench.Bridge [--clients N] [--seconds S] [--rate PER_CLIENT_PER_S] [--bytes B]
// Loopback only. Phase 1 (latency): every client sends a B-byte message every 1/rate s and times its echo.
// Phase 2 (throughput): every client sends its next message as soon as the echo arrives, for S seconds.
// Each phase runs "direct" (clients to an echo server) and "bridged" (clients to /ENDPOINT/{id} of a real endpoint,
// bridged to a media node that echoes); the bridge's cost per message is the difference, halved (two traversals).
var clients = Arg("--clients", 1000);
var seconds = Arg("--seconds", 10);
var rate = Arg("--rate", 10);
var bytes = Arg("--bytes", 200);
if (clients is < 1 or > 5000 || seconds is < 1 or > 120 || rate is < 1 or > 1000 || bytes is < 1 or > 1_000_000)
{
    Console.Error.WriteLine("bounds: --clients 1..5000, --seconds 1..120, --rate 1..1000, --bytes 1..1000000");
    return 2;
}
const string Secret = "bench-cluster-secret-0123456789abcdef";
var folder = Directory.CreateTempSubdirectory("myvid-bench-bridge-").FullName;
try
{
    _ = HostCommandLine.TryParse(["--role", "endpoint", "--urls", "http://127.0.0.1:0", $"--Node:DataFolder={folder}",
        $"--Signalling:ClusterSecret={Secret}", "--Signalling:MaxParkedPerAddress=5000", "--Signalling:MaxParked=5000",
        "--Logging:LogLevel:Default=Warning"], out var commandLine, out _);
    await using var endpoint = MyVidHost.Build(commandLine);
    await endpoint.StartAsync();
    var endpointUrl = new Uri(endpoint.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");

    var echo = WebApplication.CreateSlimBuilder();
    echo.WebHost.UseUrls("http://127.0.0.1:0");
    echo.Logging.SetMinimumLevel(LogLevel.Warning);
    await using var echoApp = echo.Build();
    echoApp.UseWebSockets();
    echoApp.Map("/echo", async context => await WebSocketEcho.RunAsync(await context.WebSockets.AcceptWebSocketAsync()));
    await echoApp.StartAsync();
    var echoUrl = new Uri(echoApp.Urls.First() + "/echo");

    await using var media = await MediaNode.RegisterAsync(endpointUrl, Encoding.UTF8.GetBytes(Secret));
    var bridgedUrl = new Uri(endpointUrl, "ENDPOINT/" + media.Id);
    Console.WriteLine($"# {Environment.ProcessorCount} cores, {clients} clients, {bytes}-byte messages, {rate}/s per client, {seconds} s per run, .NET {Environment.Version}");
    foreach (var (name, url) in new[] { ("direct", echoUrl), ("bridged", bridgedUrl) })
    {
        var sockets = await ConnectAsync(url, clients);
        var latency = await RunAsync(sockets, bytes, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(1.0 / rate));
        var loop = await RunAsync(sockets, bytes, TimeSpan.FromSeconds(seconds), TimeSpan.Zero);
        Console.WriteLine($"{name,-8} fixed rate: {latency.Count / (double)seconds,9:F0} round trips/s  p50 {latency.P(50),7:F3} ms  p99 {latency.P(99),7:F3} ms  max {latency.P(100),7:F1} ms");
        Console.WriteLine($"{name,-8} closed loop: {loop.Count / (double)seconds,8:F0} round trips/s  ({2.0 * loop.Count * bytes / seconds / 1e6:F1} MB/s both ways)  p50 {loop.P(50),7:F3} ms  p99 {loop.P(99),7:F3} ms");
        foreach (var socket in sockets)
        {
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
            socket.Dispose();
        }
    }
    Console.WriteLine($"# bench process peak RSS {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MiB (endpoint, echo server, media node and clients together)");
    await endpoint.StopAsync();
    return 0;
}
finally
{
    Directory.Delete(folder, recursive: true);
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
}

static async Task<List<ClientWebSocket>> ConnectAsync(Uri url, int count)
{
    var ws = new UriBuilder(url) { Scheme = "ws" }.Uri;
    var sockets = new List<ClientWebSocket>();
    for (var i = 0; i < count; i += 50)
    {
        var batch = Enumerable.Range(0, Math.Min(50, count - i)).Select(async _ =>
        {
            var socket = new ClientWebSocket();
            await socket.ConnectAsync(ws, CancellationToken.None);
            return socket;
        });
        sockets.AddRange(await Task.WhenAll(batch));
    }
    return sockets;
}

static async Task<Timings> RunAsync(List<ClientWebSocket> sockets, int size, TimeSpan duration, TimeSpan interval)
{
    var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
    var perClient = await Task.WhenAll(sockets.Select(async (socket, index) =>
    {
        var times = new List<double>();
        var message = new byte[size];
        var buffer = new byte[Math.Max(size, 4096)];
        // Spread the clients' first sends over one interval.
        if (interval > TimeSpan.Zero)
        {
            await Task.Delay(TimeSpan.FromTicks(interval.Ticks * index / sockets.Count));
        }
        var next = Stopwatch.GetTimestamp();
        while (Stopwatch.GetTimestamp() < end)
        {
            var sent = Stopwatch.GetTimestamp();
            await socket.SendAsync(message, WebSocketMessageType.Binary, true, CancellationToken.None);
            ValueWebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
            }
            while (!result.EndOfMessage);
            times.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            if (interval > TimeSpan.Zero)
            {
                next += (long)(interval.TotalSeconds * Stopwatch.Frequency);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }
            }
        }
        return times;
    }));
    return new Timings(perClient.SelectMany(t => t).Order().ToArray());
}

internal sealed record Timings(double[] Sorted)
{
    public int Count => Sorted.Length;

    public double P(double percentile) => Sorted.Length == 0 ? double.NaN : Sorted[Math.Min(Sorted.Length - 1, (int)(Sorted.Length * percentile / 100))];
}

/// <summary>A media node from the protocol: signed control socket, heartbeats, claims each parked client and echoes it.</summary>
internal sealed class MediaNode : IAsyncDisposable
{
    private readonly ClientWebSocket _control = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tasks = [];
    private Uri _endpoint = null!;
    private byte[] _secret = null!;

    public string Id { get; private set; } = "";

    public static async Task<MediaNode> RegisterAsync(Uri endpoint, byte[] secret)
    {
        var node = new MediaNode { _endpoint = endpoint, _secret = secret };
        Sign(node._control.Options, secret, MediaNodePaths.Control);
        await node._control.ConnectAsync(new UriBuilder(new Uri(endpoint, "ENDPOINT/CONTROL")) { Scheme = "ws" }.Uri, CancellationToken.None);
        await node.SendAsync(new ControlMessage { Type = ControlMessage.Hello, Node = "bench-media", Capacity = 100_000 });
        var buffer = new byte[4096];
        var result = await node._control.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
        var registered = JsonSerializer.Deserialize(buffer.AsSpan(0, result.Count), SignallingWireJson.Default.ControlMessage)!;
        node.Id = registered.Id!;
        node._tasks.Add(node.BeatAsync(TimeSpan.FromSeconds(registered.HeartbeatSeconds!.Value)));
        node._tasks.Add(node.LoopAsync());
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _control.Abort();
        _control.Dispose();
        _stop.Dispose();
    }

    private static void Sign(ClientWebSocketOptions options, byte[] secret, string path)
    {
        foreach (var (key, value) in ClusterSignature.Headers(secret, "GET", path, "bench-media", DateTimeOffset.UtcNow, default))
        {
            options.SetRequestHeader(key, value);
        }
    }

    private async Task SendAsync(ControlMessage message) =>
        await _control.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message, SignallingWireJson.Default.ControlMessage),
            WebSocketMessageType.Text, true, _stop.Token);

    private async Task BeatAsync(TimeSpan interval)
    {
        try
        {
            while (true)
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
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var result = await _control.ReceiveAsync(buffer.AsMemory(), _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
                var message = JsonSerializer.Deserialize(buffer.AsSpan(0, result.Count), SignallingWireJson.Default.ControlMessage)!;
                if (message.Type == ControlMessage.Client)
                {
                    _ = ServeAsync(message.ParkId!);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync(string parkId)
    {
        var socket = new ClientWebSocket();
        var path = MediaNodePaths.Parked(parkId);
        Sign(socket.Options, _secret, path);
        await socket.ConnectAsync(new UriBuilder(new Uri(_endpoint, path.TrimStart('/'))) { Scheme = "ws" }.Uri, CancellationToken.None);
        try
        {
            await WebSocketEcho.RunAsync(socket);
        }
        finally
        {
            socket.Dispose();
        }
    }
}
