using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using MyVid.Platform.WebSockets;

namespace MyVid.Media.Sessions;

/// <summary>What <see cref="SignalSocket.ReceiveAsync"/> got.</summary>
internal enum ReceiveOutcome
{
    Message,
    TooLarge,
    Binary,
    Closed,
}

/// <summary>
/// The signalling WebSocket of one client: size-bounded text messages in, small JSON objects out (one at a time: the
/// session and its recording both send).
/// </summary>
internal sealed class SignalSocket(WebSocket socket, int maxMessageBytes) : IDisposable
{
    private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(maxMessageBytes);
    private readonly JsonMessageSender _sender = new(socket);

    public WebSocket Socket => socket;

    public int MaxMessageBytes => maxMessageBytes;

    /// <summary>Reads one whole message; a larger one is read to its end and discarded.</summary>
    public async Task<(ReceiveOutcome Outcome, ReadOnlyMemory<byte> Message)> ReceiveAsync(CancellationToken cancellationToken)
    {
        var length = 0;
        var tooLarge = false;
        while (true)
        {
            var room = tooLarge || length == maxMessageBytes ? _buffer.AsMemory(0, Math.Min(_buffer.Length, 16 * 1024)) : _buffer.AsMemory(length, maxMessageBytes - length);
            var result = await socket.ReceiveAsync(room, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (ReceiveOutcome.Closed, default);
            }

            if (!tooLarge)
            {
                if (length == maxMessageBytes && result.Count > 0)
                {
                    tooLarge = true;
                }
                else
                {
                    length += result.Count;
                }
            }

            if (result.EndOfMessage)
            {
                return tooLarge ? (ReceiveOutcome.TooLarge, default)
                    : result.MessageType == WebSocketMessageType.Binary ? (ReceiveOutcome.Binary, default)
                    : (ReceiveOutcome.Message, _buffer.AsMemory(0, length));
            }
        }
    }

    public Task SendAsync(Action<Utf8JsonWriter> write, CancellationToken cancellationToken) => _sender.SendAsync(write, cancellationToken);

    public Task SendTypedAsync(string type, CancellationToken cancellationToken, params (string Name, string Value)[] fields) =>
        SendAsync(w =>
        {
            w.WriteString("type", type);
            foreach (var (name, value) in fields)
            {
                w.WriteString(name, value);
            }
        }, cancellationToken);

    public Task SendErrorAsync(string message, CancellationToken cancellationToken) =>
        SendTypedAsync("error", cancellationToken, ("message", message));

    /// <summary>Our candidate as a browser's addIceCandidate takes it: "candidate:..." with the mid it belongs to.</summary>
    public Task SendCandidateAsync(string candidate, string? mid, CancellationToken cancellationToken) =>
        SendAsync(w =>
        {
            w.WriteString("candidate", "candidate:" + candidate);
            w.WriteString("sdpMid", mid ?? "0");
            w.WriteNumber("sdpMLineIndex", 0);
        }, cancellationToken);

    public async Task CloseAsync(WebSocketCloseStatus status, string reason)
    {
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync(status, reason, timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // the client is gone already
            }
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _sender.Dispose();
    }
}
