using System.Buffers;
using System.Net.WebSockets;

namespace MyVid.Signalling.Bridge;

/// <summary>
/// Pumps two WebSockets into each other until one closes, then closes the other with the same status. Each
/// direction has one pooled receive buffer and forwards what it receives at once, as it came: a fragment of a
/// message is sent on as a fragment (<c>endOfMessage</c> false), so a large message is never assembled here.
/// Each direction is the only writer of its destination socket, so no lock is needed on the hot path.
/// </summary>
internal static class WebSocketBridge
{
    /// <summary>Receive buffer per direction: a candidate or a small SDP in one read, a large one in a few.</summary>
    public const int BufferBytes = 8 * 1024;

    /// <summary>How long the second side gets to answer a close before both are aborted.</summary>
    public static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Close code and reason for a client that said nothing within the first-message timeout.</summary>
    public const WebSocketCloseStatus SilentClient = WebSocketCloseStatus.PolicyViolation;

    public static async Task RunAsync(WebSocket client, WebSocket media, int maxMessageBytes, TimeSpan firstMessageTimeout,
        CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var up = PumpAsync(client, media, maxMessageBytes, "client", firstMessageTimeout, stop.Token);
        var down = PumpAsync(media, client, maxMessageBytes, "media node", Timeout.InfiniteTimeSpan, stop.Token);
        await Task.WhenAny(up, down);
        // One side closed (or failed) and the other was told; it gets a moment to close back.
        stop.CancelAfter(CloseTimeout);
        await Task.WhenAll(up, down);
        if (client.State != WebSocketState.Closed)
        {
            client.Abort();
        }
        if (media.State != WebSocketState.Closed)
        {
            media.Abort();
        }
    }

    private static async Task PumpAsync(WebSocket from, WebSocket to, int maxMessageBytes, string fromName, TimeSpan firstMessageTimeout,
        CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        WebSocketCloseStatus status;
        string? reason;
        using var first = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        first.CancelAfter(firstMessageTimeout);
        var receiving = first.Token;
        try
        {
            var inMessage = 0L;
            while (true)
            {
                var result = await from.ReceiveAsync(buffer.AsMemory(), receiving);
                receiving = cancellationToken;
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    status = from.CloseStatus ?? WebSocketCloseStatus.Empty;
                    reason = from.CloseStatusDescription;
                    break;
                }
                inMessage += result.Count;
                if (inMessage > maxMessageBytes)
                {
                    status = WebSocketCloseStatus.MessageTooBig;
                    reason = $"message larger than {maxMessageBytes} bytes";
                    break;
                }
                await to.SendAsync(buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage, cancellationToken);
                if (result.EndOfMessage)
                {
                    inMessage = 0;
                }
            }
        }
        catch (OperationCanceledException) when (first.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Nothing came in time: a socket held open for nothing. The cancelled receive aborted the client's socket;
            // the media node is told with a clean close.
            status = SilentClient;
            reason = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"no message within {firstMessageTimeout.TotalSeconds:0.#} s");
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The source died (or the destination refused a send): the destination is told the peer went away.
            status = WebSocketCloseStatus.EndpointUnavailable;
            reason = fromName + " gone";
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        await CloseOutputAsync(to, status, reason, cancellationToken);
        if (status == WebSocketCloseStatus.MessageTooBig)
        {
            // The other direction tells the sender (it alone writes there); meanwhile the rest of the oversized message
            // is read and dropped up to the sender's close, so the connection is not reset with the close unread.
            await DrainAsync(from, cancellationToken);
        }
    }

    private static async Task DrainAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var scrap = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            while ((await socket.ReceiveAsync(scrap.AsMemory(), cancellationToken)).MessageType != WebSocketMessageType.Close)
            {
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scrap);
        }
    }

    private static async Task CloseOutputAsync(WebSocket socket, WebSocketCloseStatus status, string? reason, CancellationToken cancellationToken)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }
        try
        {
            // 1005 (no status) and 1006 (abnormal) may not be sent: an empty close frame says the same.
            if (status is WebSocketCloseStatus.Empty || (int)status == 1006)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.Empty, null, cancellationToken);
            }
            else
            {
                await socket.CloseOutputAsync(status, reason, cancellationToken);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            socket.Abort();
        }
    }
}
