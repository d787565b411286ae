using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyVid.Catalog.Contracts;
using MyVid.Platform.Ids;
using MyVid.Signalling.Auth;
using MyVid.Signalling.Contracts;
using MyVid.Signalling.Discovery;

namespace MyVid.Signalling.Nodes;

/// <summary>
/// <c>GET /ENDPOINT/CONTROL</c>: a media node's control socket. <c>hello</c> → an id, a row in Nodes, <c>registered</c>;
/// then heartbeats (each renews the row) until the socket closes or three heartbeats are missed; then the node is
/// removed from this endpoint and from the table.
/// </summary>
internal sealed partial class ControlSocket(
    ClusterAuthenticator auth,
    MediaNodeRegistry registry,
    MediaNodeStore store,
    NodeHeartbeat endpoint,
    IHostApplicationLifetime lifetime,
    IServiceScopeFactory scopes,
    IOptions<SignallingOptions> options,
    ILogger<ControlSocket> logger)
{
    public const int NodeIdLength = 8;

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var node = auth.Verify(context.Request, default);
        if (node is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Not a media node of this cluster",
                detail: "The request's cluster signature is missing, wrong, too old or replayed.");
        }
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "WebSocket required",
                detail: "The control socket is a WebSocket.");
        }
        var aborted = context.RequestAborted;
        var endpointUrl = await endpoint.BaseUrl.WaitAsync(aborted);
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[ControlMessage.MaxBytes];
        var hello = await ReceiveAsync(socket, buffer, options.Value.ParkTimeout, aborted);
        if (hello is not { Type: ControlMessage.Hello } || hello.Node != node || hello.Capacity is not (> 0 and <= 10_000_000)
            || hello.Udp is { Length: > 100 })
        {
            LogBadHello(node);
            await CloseQuietlyAsync(socket, WebSocketCloseStatus.PolicyViolation, "expected hello with this node's name and a capacity");
            return Results.Empty;
        }
        using var link = new MediaNodeLink(ShortId.New(NodeIdLength), node, socket);
        try
        {
            await store.AddAsync(link.Id, node, endpoint.NodeId, endpointUrl, hello.Udp, hello.Capacity.Value, aborted);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogStoreFailed(node, e.Message);
            await CloseQuietlyAsync(socket, WebSocketCloseStatus.InternalServerError, "database unavailable, try again");
            return Results.Empty;
        }
        if (registry.Add(link) is { } replaced)
        {
            await replaced.CloseAsync(WebSocketCloseStatus.PolicyViolation, "replaced by a newer control socket");
        }
        var from = context.Connection.RemoteIpAddress?.ToString() ?? "?";
        LogRegistered(node, link.Id, hello.Udp ?? "", from);
        // Kestrel waits for open requests at shutdown: the node is told to go (and attaches elsewhere) at once.
        using var onStopping = lifetime.ApplicationStopping.Register(() => _ = link.CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "endpoint shutting down"));
        var reason = "closed";
        try
        {
            var interval = TimeSpan.FromTicks(Math.Min(options.Value.MediaHeartbeatInterval.Ticks, options.Value.StaleAfter.Ticks / 3));
            await link.SendAsync(new ControlMessage { Type = ControlMessage.Registered, Id = link.Id, HeartbeatSeconds = interval.TotalSeconds }, aborted);
            while (true)
            {
                var message = await ReceiveAsync(socket, buffer, interval * 3, aborted);
                if (message is null)
                {
                    reason = socket.CloseStatus is { } status ? $"closed ({status})" : "heartbeats stopped or bad message";
                    break;
                }
                if (message.Type == ControlMessage.Heartbeat)
                {
                    link.Streams = Math.Max(0, message.Streams ?? 0);
                    link.Viewers = Math.Max(0, message.Viewers ?? 0);
                    await BeatAsync(link, aborted);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            reason = e.Message;
        }
        finally
        {
            registry.Remove(link);
            await link.Gone.CancelAsync();
            LogDropped(node, link.Id, reason);
            try
            {
                await store.RemoveAsync(link.Id, CancellationToken.None);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogStoreFailed(node, e.Message);
            }
            if (!lifetime.ApplicationStopping.IsCancellationRequested)
            {
                // An endpoint shutting down leaves them alone: the node registers with another endpoint and moves them there.
                await EndLivesAsync(link);
            }
            await link.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye");
        }
        return Results.Empty;
    }

    /// <summary>
    /// The node's streams cannot go on without it here: their ControlURL names this link, which is gone. They leave
    /// the catalogue now, within the heartbeat timeout of a crash, instead of being listed as live forever.
    /// </summary>
    private async Task EndLivesAsync(MediaNodeLink link)
    {
        if (link.Lives.IsEmpty)
        {
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<ICatalogWriter>();
        foreach (var id in link.Lives.Keys)
        {
            try
            {
                await catalog.MarkLiveEndedAsync(id, CancellationToken.None);
                LogLiveEnded(link.Name, id);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogStoreFailed(link.Name, e.Message);
            }
        }
    }

    private async Task BeatAsync(MediaNodeLink link, CancellationToken cancellationToken)
    {
        try
        {
            await store.BeatAsync(link.Id, link.Streams, link.Viewers, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The row ages meanwhile; the next heartbeat tries again.
            LogStoreFailed(link.Name, e.Message);
        }
    }

    /// <summary>One whole text message parsed, or null on close, timeout, an oversized or malformed message.</summary>
    private static async Task<ControlMessage?> ReceiveAsync(WebSocket socket, byte[] buffer, TimeSpan timeout, CancellationToken aborted)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        limit.CancelAfter(timeout);
        var length = 0;
        while (true)
        {
            ValueWebSocketReceiveResult result;
            try
            {
                result = await socket.ReceiveAsync(buffer.AsMemory(length), limit.Token);
            }
            catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
            {
                return null;
            }
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
                await CloseQuietlyAsync(socket, WebSocketCloseStatus.MessageTooBig, "control messages are small");
                return null;
            }
        }
        try
        {
            return JsonSerializer.Deserialize(buffer.AsSpan(0, length), SignallingWireJson.Default.ControlMessage);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task CloseQuietlyAsync(WebSocket socket, WebSocketCloseStatus status, string reason)
    {
        try
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseOutputAsync(status, reason, limit.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            socket.Abort();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Media node {Node} registered as {Id} (UDP {Udp}) from {Address}")]
    private partial void LogRegistered(string node, string id, string udp, string address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Media node {Node} ({Id}) dropped: {Reason}")]
    private partial void LogDropped(string node, string id, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Live entry {Id} of dropped media node {Node} marked ended")]
    private partial void LogLiveEnded(string node, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Media node {Node} sent no valid hello; control socket closed")]
    private partial void LogBadHello(string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Nodes table write for media node {Node} failed: {Reason}")]
    private partial void LogStoreFailed(string node, string reason);
}
