using System.Net.WebSockets;
using System.Text.Json;
using MyVid.Signalling.Contracts;

namespace MyVid.Media.Control;

/// <summary>The control protocol's wire (docs/protocol/media-nodes.md): one JSON message a WebSocket text frame.</summary>
internal static class ControlSocket
{
    /// <summary>The <c>ws</c>/<c>wss</c> address of an endpoint's media-node path.</summary>
    public static Uri Address(Uri endpoint, string path)
    {
        var builder = new UriBuilder(new Uri(endpoint, path.TrimStart('/')))
        {
            Scheme = endpoint.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
        };
        return builder.Uri;
    }

    public static async Task SendAsync(WebSocket socket, ControlMessage message, CancellationToken cancellationToken) =>
        await socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message, SignallingWireJson.Default.ControlMessage),
            WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    public static async Task<ControlMessage?> ReceiveAsync(WebSocket socket, CancellationToken cancellationToken)
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
}
