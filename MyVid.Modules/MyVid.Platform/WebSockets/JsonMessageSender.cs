using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;

namespace MyVid.Platform.WebSockets;

/// <summary>
/// Sends small JSON objects on a WebSocket, one whole text message at a time: several tasks of a session may send
/// (a media node's session and its recording; the api's HTTP requests relayed to one node session), and a WebSocket
/// takes one send at a time.
/// </summary>
public sealed class JsonMessageSender(WebSocket socket) : IDisposable
{
    private readonly SemaphoreSlim _sending = new(1, 1);

    /// <summary>Sends one object; <paramref name="write"/> writes its properties.</summary>
    public async Task SendAsync(Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        var output = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        await _sending.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(output.WrittenMemory, WebSocketMessageType.Text, true, cancellationToken);
        }
        finally
        {
            _sending.Release();
        }
    }

    public void Dispose() => _sending.Dispose();
}
