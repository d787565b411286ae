using System.Net.WebSockets;

/// <summary>Sends every message back as it came until the other side closes: the bridge benchmark's client handler.</summary>
internal static class WebSocketEcho
{
    public static async Task RunAsync(WebSocket socket)
    {
        var buffer = new byte[8192];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                    return;
                }
                await socket.SendAsync(buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage, CancellationToken.None);
            }
        }
        catch (WebSocketException)
        {
        }
    }
}
