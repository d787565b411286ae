using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using MyVid.Signalling.Contracts;

namespace MyVid.Signalling.Nodes;

/// <summary>A media node attached to this endpoint: its control socket (one writer at a time) and its last load.</summary>
internal sealed class MediaNodeLink(string id, string name, WebSocket socket) : IDisposable
{
    private readonly SemaphoreSlim _send = new(1, 1);

    public string Id { get; } = id;

    public string Name { get; } = name;

    public int Streams { get; set; }

    public int Viewers { get; set; }

    /// <summary>
    /// The live catalogue entries this node created through this link and has not ended: when the link drops (the
    /// node crashed, hung or lost its network) nobody else would end them.
    /// </summary>
    public ConcurrentDictionary<string, byte> Lives { get; } = new(StringComparer.Ordinal);

    /// <summary>Cancelled when the control socket ends: parked clients waiting for this node give up at once.</summary>
    public CancellationTokenSource Gone { get; } = new();

    public void Dispose()
    {
        _send.Dispose();
        Gone.Dispose();
    }

    public async Task SendAsync(ControlMessage message, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(message, SignallingWireJson.Default.ControlMessage);
        await _send.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _send.Release();
        }
    }

    public async Task CloseAsync(WebSocketCloseStatus status, string reason)
    {
        await _send.WaitAsync();
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync(status, reason, limit.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            socket.Abort();
        }
        finally
        {
            _send.Release();
        }
    }
}
