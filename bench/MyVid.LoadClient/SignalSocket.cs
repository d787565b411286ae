using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace MyVid.LoadClient;

/// <summary>The signalling WebSocket as a client sees it: JSON text messages of Appendix C and D.</summary>
internal sealed class SignalSocket : IDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly byte[] _buffer = new byte[64 * 1024];

    public static async Task<SignalSocket> ConnectAsync(Uri url, CancellationToken cancellationToken)
    {
        var signal = new SignalSocket();
        try
        {
            signal._socket.Options.KeepAliveInterval = TimeSpan.Zero;
            if (ClientTls.Root is not null)
            {
                signal._socket.Options.RemoteCertificateValidationCallback = ClientTls.Validate;
            }
            await signal._socket.ConnectAsync(url, cancellationToken);
            return signal;
        }
        catch
        {
            signal.Dispose();
            throw;
        }
    }

    public Task SendAsync(CancellationToken cancellationToken, params (string Name, string Value)[] fields)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in fields)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }

        return _socket.SendAsync(stream.ToArray(), WebSocketMessageType.Text, true, cancellationToken);
    }

    /// <summary>The next message as (type, whole document); null when the socket closed.</summary>
    public async Task<JsonDocument?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var length = 0;
        while (true)
        {
            var result = await _socket.ReceiveAsync(_buffer.AsMemory(length), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                return JsonDocument.Parse(_buffer.AsMemory(0, length));
            }

            if (length == _buffer.Length)
            {
                throw new InvalidDataException("signalling message larger than 64 KiB");
            }
        }
    }

    public async Task CloseAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // the node may already be gone
        }
    }

    public void Dispose() => _socket.Dispose();

    public static string? Text(JsonDocument document, string name) =>
        document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out var value)
            && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static string Describe(JsonDocument document) => Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(document.RootElement));
}
