using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyVid.Media.Sessions;
using MyVid.Platform.Logging;
using MyVid.Signalling.Contracts;

namespace MyVid.Media.Control;

/// <summary>
/// The media node's control link (docs/protocol/media-nodes.md): holds a control socket to one endpoint, sends
/// heartbeats with the node's load, and for every parked client the endpoint announces opens the other half of the
/// bridge and hands it to the <see cref="IClientSessionHandler"/>. When the socket drops it attaches to the next
/// configured endpoint and registers again (a new id).
/// </summary>
internal sealed partial class EndpointLink(
    IOptions<MediaControlOptions> options,
    NodeCredentials credentials,
    LinkState state,
    IMediaLoad load,
    IServiceProvider services,
    IConfiguration configuration,
    LinkTarget target,
    IHostApplicationLifetime lifetime,
    ILogger<EndpointLink> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<Task, bool> _sessions = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await WaitForStartAsync(stoppingToken))
        {
            return;
        }
        if (options.Value.Endpoints.Count == 0 && !target.HasOwnEndpoint)
        {
            // Not fatal, so a media node can be started before it is told where to go; it serves nobody meanwhile.
            LogNoEndpoints();
            return;
        }
        var endpoints = Endpoints();
        for (var attempt = 0; !stoppingToken.IsCancellationRequested; attempt++)
        {
            var endpoint = endpoints[attempt % endpoints.Count];
            try
            {
                await RunAsync(endpoint, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogLinkFailed(endpoint.AbsoluteUri, e.Message);
            }
            finally
            {
                state.Detach();
            }
            try
            {
                // Straight on to the next endpoint; a pause only after a whole round failed.
                var pause = (attempt + 1) % endpoints.Count == 0 ? options.Value.ReconnectDelay : TimeSpan.FromMilliseconds(50);
                await Task.Delay(pause, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        await Task.WhenAll(_sessions.Keys);
    }

    private async Task RunAsync(Uri endpoint, CancellationToken stoppingToken)
    {
        using var socket = new ClientWebSocket();
        var heartbeat = TimeSpan.FromSeconds(5);
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(5);
        socket.Options.KeepAliveTimeout = TimeSpan.FromSeconds(10);
        credentials.Sign(socket.Options, MediaNodePaths.Control);
        using (var connect = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
        {
            connect.CancelAfter(options.Value.ConnectTimeout);
            await socket.ConnectAsync(SocketUri(endpoint, MediaNodePaths.Control), connect.Token);
            await SendAsync(socket, new ControlMessage
            {
                Type = ControlMessage.Hello,
                Node = credentials.Name,
                Udp = AdvertisedUdp(),
                Capacity = options.Value.Capacity,
            }, connect.Token);
            var registered = await ReceiveAsync(socket, connect.Token);
            if (registered is not { Type: ControlMessage.Registered, Id: { Length: > 0 } id })
            {
                throw new WebSocketException($"the endpoint did not register this node ({socket.CloseStatus} {socket.CloseStatusDescription})");
            }
            heartbeat = TimeSpan.FromSeconds(Math.Clamp(registered.HeartbeatSeconds ?? 5, 0.1, 60));
            state.Attach(endpoint, id);
            LogRegistered(credentials.Name, id, endpoint.AbsoluteUri);
        }
        using var linkDown = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var beats = BeatAsync(socket, heartbeat, linkDown.Token);
        try
        {
            while (true)
            {
                var message = await ReceiveAsync(socket, stoppingToken);
                if (message is null)
                {
                    LogLinkFailed(endpoint.AbsoluteUri, $"control socket closed ({socket.CloseStatus} {socket.CloseStatusDescription})");
                    break;
                }
                if (message is { Type: ControlMessage.Client, ParkId: { Length: > 0 and <= 64 } parkId })
                {
                    Track(ServeAsync(endpoint, parkId, message.Traceparent, stoppingToken));
                }
            }
        }
        finally
        {
            await linkDown.CancelAsync();
            await beats;
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                try
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", limit.Token);
                }
                catch (Exception e) when (e is WebSocketException or OperationCanceledException)
                {
                    socket.Abort();
                }
            }
        }
    }

    /// <summary>The only writer of the control socket after registration.</summary>
    private async Task BeatAsync(WebSocket socket, TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await SendAsync(socket, new ControlMessage { Type = ControlMessage.Heartbeat, Streams = load.Streams, Viewers = load.Viewers },
                    cancellationToken);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The link is down: the receive loop sees it too and moves on.
        }
    }

    /// <summary>
    /// Opens <c>/ENDPOINT/PARKED/{parkId}</c> and serves the client through it until either side closes, in the trace
    /// of the client's request (<paramref name="traceparent"/>, from the <c>client</c> message): the claim carries it to
    /// the endpoint, the session's calls to the media API carry it on.
    /// </summary>
    private async Task ServeAsync(Uri endpoint, string parkId, string? traceparent, CancellationToken stoppingToken)
    {
        await Task.Yield();
        using var activity = TraceContext.Start("MyVid.Media.Session", traceparent);
        using var socket = new ClientWebSocket();
        var path = MediaNodePaths.Parked(parkId);
        try
        {
            credentials.Sign(socket.Options, path);
            socket.Options.SetRequestHeader(TraceContext.Header, activity.Id);
            using (var connect = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                connect.CancelAfter(options.Value.ConnectTimeout);
                await socket.ConnectAsync(SocketUri(endpoint, path), connect.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or HttpRequestException)
        {
            LogClaimFailed(parkId, e.Message);
            return;
        }
        var handler = services.GetService<IClientSessionHandler>();
        state.SessionStarted();
        try
        {
            if (handler is null)
            {
                LogNoHandler();
            }
            else
            {
                await handler.RunAsync(socket, stoppingToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            LogSessionFailed(parkId, e.Message);
        }
        finally
        {
            state.SessionEnded();
            await CloseAsync(socket, handler is null ? WebSocketCloseStatus.InternalServerError : WebSocketCloseStatus.NormalClosure,
                handler is null ? "this media node cannot serve sessions" : "");
        }
    }

    private static async Task CloseAsync(ClientWebSocket socket, WebSocketCloseStatus status, string reason)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            // Completes the handshake when the client closed first (the endpoint forwarded its close); else starts it.
            await socket.CloseAsync(socket.State == WebSocketState.CloseReceived ? socket.CloseStatus ?? status : status,
                socket.State == WebSocketState.CloseReceived ? socket.CloseStatusDescription : reason, limit.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            socket.Abort();
        }
    }

    private void Track(Task session)
    {
        _sessions[session] = true;
        session.ContinueWith(t => _sessions.TryRemove(t, out _), TaskScheduler.Default);
    }

    private static async Task SendAsync(WebSocket socket, ControlMessage message, CancellationToken cancellationToken) =>
        await socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message, SignallingWireJson.Default.ControlMessage),
            WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    private static async Task<ControlMessage?> ReceiveAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[ControlMessage.MaxBytes];
        var length = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }
            length += result.Count;
            if (result.EndOfMessage)
            {
                break;
            }
            if (length == buffer.Length)
            {
                return null;
            }
        }
        try
        {
            return JsonSerializer.Deserialize(buffer.AsSpan(0, length), SignallingWireJson.Default.ControlMessage);
        }
        catch (JsonException)
        {
            return new ControlMessage { Type = "invalid" };
        }
    }

    private List<Uri> Endpoints()
    {
        if (options.Value.Endpoints.Count > 0)
        {
            return options.Value.Endpoints.Select(e => new Uri(e.EndsWith('/') ? e : e + "/")).ToList();
        }
        // A node with the endpoint role too: attach to itself.
        var addresses = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var own = addresses.OrderBy(a => a.StartsWith("https", StringComparison.Ordinal) ? 1 : 0).FirstOrDefault() ?? "http://127.0.0.1:5000";
        foreach (var wildcard in new[] { "://+", "://*", "://0.0.0.0", "://[::]", "://localhost" })
        {
            own = own.Replace(wildcard, "://127.0.0.1", StringComparison.Ordinal);
        }
        return [new Uri(own.TrimEnd('/') + "/")];
    }

    private string? AdvertisedUdp()
    {
        if (!string.IsNullOrEmpty(options.Value.AdvertisedUdp))
        {
            return options.Value.AdvertisedUdp;
        }
        var address = configuration["Media:AdvertisedAddress"] is { Length: > 0 } advertised ? advertised : configuration["Media:BindAddress"];
        var port = configuration["Media:Port"];
        return address is { Length: > 0 } && port is { Length: > 0 } ? $"{address}:{port}" : null;
    }

    private static Uri SocketUri(Uri endpoint, string path)
    {
        var builder = new UriBuilder(new Uri(endpoint, path.TrimStart('/')))
        {
            Scheme = endpoint.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
        };
        return builder.Uri;
    }

    private async Task<bool> WaitForStartAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var onStarted = lifetime.ApplicationStarted.Register(started.SetResult);
        using var onStopping = stoppingToken.Register(started.SetResult);
        await started.Task;
        return !stoppingToken.IsCancellationRequested;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Media node {Node} registered as {Id} at {Endpoint}")]
    private partial void LogRegistered(string node, string id, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Control link to {Endpoint} ended: {Reason}")]
    private partial void LogLinkFailed(string endpoint, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not take parked client {ParkId}: {Reason}")]
    private partial void LogClaimFailed(string parkId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Client session {ParkId} failed: {Reason}")]
    private partial void LogSessionFailed(string parkId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Media:Control:Endpoints is empty and this node has no endpoint role: it attaches to no endpoint and serves nobody")]
    private partial void LogNoEndpoints();

    [LoggerMessage(Level = LogLevel.Error, Message = "No IClientSessionHandler is registered: parked clients are closed (1011)")]
    private partial void LogNoHandler();
}
