using System.Collections.Concurrent;
using System.Net.WebSockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyVid.Platform.Hosting;
using MyVid.Signalling.Contracts;

namespace MyVid.Media.Control;

/// <summary>
/// The media node's control link (docs/protocol/media-nodes.md): holds a control socket to one endpoint, sends
/// heartbeats with the node's load, and hands every parked client the endpoint announces to the
/// <see cref="ParkedClientBridge"/>. When the socket drops it attaches to the next configured endpoint and registers
/// again (a new id).
/// </summary>
internal sealed partial class EndpointLink(
    IOptions<MediaControlOptions> options,
    NodeCredentials credentials,
    LinkState state,
    IMediaLoad load,
    ParkedClientBridge bridge,
    IServiceProvider services,
    IConfiguration configuration,
    LinkTarget target,
    IHostApplicationLifetime lifetime,
    ILogger<EndpointLink> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<Task, bool> _sessions = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await lifetime.WaitForStartAsync(stoppingToken))
        {
            return;
        }
        if (options.Value.Endpoints.Count == 0 && !target.HasOwnEndpoint)
        {
            // Not fatal, so a media node can be started before it is told where to go; it serves nobody meanwhile.
            LogNoEndpoints();
            return;
        }
        var endpoints = LinkAddresses.Endpoints(options.Value, services);
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
            await socket.ConnectAsync(ControlSocket.Address(endpoint, MediaNodePaths.Control), connect.Token);
            await ControlSocket.SendAsync(socket, new ControlMessage
            {
                Type = ControlMessage.Hello,
                Node = credentials.Name,
                Udp = LinkAddresses.AdvertisedUdp(options.Value, configuration),
                Capacity = options.Value.Capacity,
            }, connect.Token);
            var registered = await ControlSocket.ReceiveAsync(socket, connect.Token);
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
                var message = await ControlSocket.ReceiveAsync(socket, stoppingToken);
                if (message is null)
                {
                    LogLinkFailed(endpoint.AbsoluteUri, $"control socket closed ({socket.CloseStatus} {socket.CloseStatusDescription})");
                    break;
                }
                if (message is { Type: ControlMessage.Client, ParkId: { Length: > 0 and <= 64 } parkId })
                {
                    Track(bridge.ServeAsync(endpoint, parkId, message.Traceparent, stoppingToken));
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
                await ControlSocket.SendAsync(socket, new ControlMessage { Type = ControlMessage.Heartbeat, Streams = load.Streams, Viewers = load.Viewers },
                    cancellationToken);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The link is down: the receive loop sees it too and moves on.
        }
    }

    private void Track(Task session)
    {
        _sessions[session] = true;
        session.ContinueWith(t => _sessions.TryRemove(t, out _), TaskScheduler.Default);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Media node {Node} registered as {Id} at {Endpoint}")]
    private partial void LogRegistered(string node, string id, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Control link to {Endpoint} ended: {Reason}")]
    private partial void LogLinkFailed(string endpoint, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Media:Control:Endpoints is empty and this node has no endpoint role: it attaches to no endpoint and serves nobody")]
    private partial void LogNoEndpoints();
}
