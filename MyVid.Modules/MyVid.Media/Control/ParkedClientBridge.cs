using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyVid.Media.Sessions;
using MyVid.Platform.Logging;
using MyVid.Signalling.Contracts;

namespace MyVid.Media.Control;

/// <summary>
/// The media node's half of a parked client's bridge: for every <c>client</c> message of the control link it claims
/// the parked socket at the endpoint and hands it to the <see cref="IClientSessionHandler"/> until either side closes.
/// </summary>
internal sealed partial class ParkedClientBridge(
    IOptions<MediaControlOptions> options,
    NodeCredentials credentials,
    LinkState state,
    IServiceProvider services,
    ILogger<ParkedClientBridge> logger)
{
    /// <summary>
    /// Opens <c>/ENDPOINT/PARKED/{parkId}</c> and serves the client through it until either side closes, in the trace
    /// of the client's request (<paramref name="traceparent"/>, from the <c>client</c> message): the claim carries it to
    /// the endpoint, the session's calls to the media API carry it on.
    /// </summary>
    public async Task ServeAsync(Uri endpoint, string parkId, string? traceparent, CancellationToken stoppingToken)
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
                await socket.ConnectAsync(ControlSocket.Address(endpoint, path), connect.Token);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not take parked client {ParkId}: {Reason}")]
    private partial void LogClaimFailed(string parkId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Client session {ParkId} failed: {Reason}")]
    private partial void LogSessionFailed(string parkId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "No IClientSessionHandler is registered: parked clients are closed (1011)")]
    private partial void LogNoHandler();
}
