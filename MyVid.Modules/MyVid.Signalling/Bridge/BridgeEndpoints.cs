using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyVid.Platform.Http;
using MyVid.Platform.Http.Limits;
using MyVid.Platform.Logging;
using MyVid.Signalling.Auth;
using MyVid.Signalling.Contracts;
using MyVid.Signalling.Nodes;

namespace MyVid.Signalling.Bridge;

/// <summary>
/// The design's bridge: a client's WebSocket to <c>/ENDPOINT/{id}</c> is parked, the media node is told over its
/// control socket, opens <c>/ENDPOINT/PARKED/{parkId}</c>, and the two sockets are pumped into each other.
/// </summary>
internal static partial class BridgeEndpoints
{
    /// <summary>Close code 1013 "try again later": nobody took the parked client.</summary>
    public const WebSocketCloseStatus TryAgainLater = (WebSocketCloseStatus)1013;

    public const string NoAnswerReason = "no media node answered";

    public static void MapBridgeEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(MediaNodePaths.Control, (ControlSocket control, HttpContext context) => control.HandleAsync(context))
            .WithTags("Media nodes").WithSummary("A media node's control socket (WebSocket, cluster-signed)").ExcludeFromDescription();
        routes.MapGet(MediaNodePaths.ParkedPrefix + "{parkId}", ClaimAsync)
            .WithTags("Media nodes").WithSummary("A media node takes a parked client (WebSocket, cluster-signed)").ExcludeFromDescription();
        routes.MapGet("/ENDPOINT/{id}", ParkAsync).RequirePublicRateLimit()
            .WithTags("Live").WithSummary("A client's signalling WebSocket to media node {id} (Appendix C and D)")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> ParkAsync(
        string id, HttpContext context, MediaNodeRegistry registry, ParkingLot lot, IOptions<SignallingOptions> options, ILoggerFactory loggers,
        IHostApplicationLifetime lifetime, SignallingMetrics metrics)
    {
        if (!registry.TryGet(id, out var node))
        {
            return Problems.NotFound("No such media node", $"No media node '{id}' is attached to this endpoint; ask /API/NEWSTREAM/ or /API/VIDEO/ again.");
        }
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "WebSocket required",
                detail: "Open this URL as a WebSocket (wss:// or ws://).");
        }
        var address = context.Connection.RemoteIpAddress ?? IPAddress.None;
        switch (lot.TryReserve(address))
        {
            case ParkingLot.Refusal.AddressFull:
                context.Response.Headers.RetryAfter = "5";
                return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many waiting connections",
                    detail: $"This address already has {options.Value.MaxParkedPerAddress} connections waiting for a media node.");
            case ParkingLot.Refusal.LotFull:
                return Problems.Unavailable("Endpoint busy", "Too many connections are waiting for media nodes here.", context, 5);
        }
        var released = false;
        void Release()
        {
            if (!released)
            {
                released = true;
                lot.Release(address);
            }
        }
        try
        {
            using var client = await context.WebSockets.AcceptWebSocketAsync();
            var parked = lot.Park(node.Name);
            var parkedAt = Stopwatch.GetTimestamp();
            var logger = loggers.CreateLogger("MyVid.Signalling.Bridge");
            LogParked(logger, parked.ParkId, node.Name);
            WebSocket? media = null;
            try
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, node.Gone.Token, lifetime.ApplicationStopping);
                wait.CancelAfter(options.Value.ParkTimeout);
                await node.SendAsync(new ControlMessage { Type = ControlMessage.Client, ParkId = parked.ParkId, Traceparent = TraceContext.Current }, wait.Token);
                media = await parked.Media.Task.WaitAsync(wait.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
            {
                if (!lot.TryGiveUp(parked))
                {
                    // Claimed in the same instant: take it after all, unless the claim failed.
                    media = await TakeClaimedAsync(parked);
                }
            }
            Release();
            if (media is null)
            {
                LogNoAnswer(logger, node.Name, parked.ParkId);
                metrics.Unanswered();
                await CloseAsync(client, TryAgainLater, NoAnswerReason);
                return Results.Empty;
            }
            metrics.BridgeOpened();
            var claimMs = Stopwatch.GetElapsedTime(parkedAt).TotalMilliseconds;
            LogBridged(logger, parked.ParkId, node.Name, claimMs);
            try
            {
                // At shutdown the bridged sockets are dropped (Kestrel would wait for them): clients reconnect elsewhere.
                await WebSocketBridge.RunAsync(client, media, options.Value.MaxMessageBytes, options.Value.FirstMessageTimeout, lifetime.ApplicationStopping);
            }
            finally
            {
                metrics.BridgeClosed();
                parked.Done.TrySetResult();
                LogBridgeClosed(logger, parked.ParkId, client.CloseStatus, media.CloseStatus);
            }
            return Results.Empty;
        }
        finally
        {
            Release();
        }
    }

    private static async Task<IResult> ClaimAsync(string parkId, HttpContext context, ClusterAuthenticator auth, ParkingLot lot)
    {
        var node = auth.Verify(context.Request, default);
        if (node is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Not a media node of this cluster",
                detail: "The request's cluster signature is missing, wrong, too old or replayed.");
        }
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "WebSocket required", detail: "Open this URL as a WebSocket.");
        }
        if (!lot.TryClaim(parkId, node, out var parked))
        {
            return Problems.NotFound("No such parked client", "It timed out, was claimed already, or waits for another node.");
        }
        WebSocket media;
        try
        {
            media = await context.WebSockets.AcceptWebSocketAsync();
        }
        catch
        {
            parked.Media.TrySetCanceled();
            throw;
        }
        using (media)
        {
            parked.Media.SetResult(media);
            await parked.Done.Task;
        }
        return Results.Empty;
    }

    private static async Task<WebSocket?> TakeClaimedAsync(ParkedClient parked)
    {
        try
        {
            return await parked.Media.Task;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private static async Task CloseAsync(WebSocket socket, WebSocketCloseStatus status, string reason)
    {
        try
        {
            using var limit = new CancellationTokenSource(WebSocketBridge.CloseTimeout);
            await socket.CloseAsync(status, reason, limit.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            socket.Abort();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Client parked as {ParkId} for media node {Node}")]
    private static partial void LogParked(ILogger logger, string parkId, string node);

    [LoggerMessage(Level = LogLevel.Information, Message = "Parked client {ParkId} bridged to media node {Node} after {ClaimMs:F1} ms")]
    private static partial void LogBridged(ILogger logger, string parkId, string node, double claimMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bridge {ParkId} closed (client {ClientStatus}, media node {MediaStatus})")]
    private static partial void LogBridgeClosed(ILogger logger, string parkId, WebSocketCloseStatus? clientStatus, WebSocketCloseStatus? mediaStatus);

    [LoggerMessage(Level = LogLevel.Information, Message = "Parked client {ParkId} for media node {Node} closed: no media node answered")]
    private static partial void LogNoAnswer(ILogger logger, string node, string parkId);
}
