using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using MyVid.LoadClient;

namespace MyVid.Drills;

/// <summary>What the hostile-input drill's attackers do, one method each; each is bounded in time and connections.</summary>
internal static class HostileClients
{
    /// <summary>One handler per source address, alive as long as the sockets it opened.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, HttpMessageInvoker> Invokers = new(StringComparer.Ordinal);

    /// <summary>Opens a WebSocket from <paramref name="source"/> (the address the rate limits see).</summary>
    public static async Task<ClientWebSocket> ConnectAsync(Uri url, IPAddress? source, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        try
        {
            var http = Invokers.GetOrAdd(source?.ToString() ?? "", _ => new HttpMessageInvoker(Deployment.Handler(source)));
            await socket.ConnectAsync(url, http, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends one message of <paramref name="bytes"/> bytes; returns the close status the server answered with.</summary>
    public static async Task<string> SendOversizedAsync(Uri url, int bytes, CancellationToken cancellationToken)
    {
        using var socket = await ConnectAsync(url, null, cancellationToken);
        var payload = Encoding.ASCII.GetBytes(new string('x', bytes));
        try
        {
            for (var offset = 0; offset < payload.Length; offset += 16 * 1024)
            {
                var count = Math.Min(16 * 1024, payload.Length - offset);
                await socket.SendAsync(payload.AsMemory(offset, count), WebSocketMessageType.Text, offset + count == payload.Length, cancellationToken);
            }
        }
        catch (WebSocketException)
        {
            // The server closed while we were still sending: its close frame says why.
        }
        return await ReadCloseAsync(socket, TimeSpan.FromSeconds(10));
    }

    /// <summary>The answer's status code to a GET with one header of <paramref name="bytes"/>, or <see cref="ClosedWhileSending"/>.</summary>
    public static async Task<string> SendOversizedHeaderAsync(HttpClient client, int bytes, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "API/VIDEO/");
        request.Headers.Add("X-Big", new string('h', bytes));
        try
        {
            using var answer = await client.SendAsync(request, cancellationToken);
            return ((int)answer.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (HttpRequestException e) when (e.InnerException is IOException)
        {
            // A front that refuses at its buffer limit may answer and reset before the client has written it all.
            return ClosedWhileSending;
        }
    }

    public const string ClosedWhileSending = "connection closed while sending";

    /// <summary>
    /// Opens <paramref name="count"/> client sockets from one address at once and holds them without a word for
    /// <paramref name="hold"/>: (accepted, refused with an HTTP answer, closed by the server while held).
    /// </summary>
    public static async Task<(int Accepted, int Refused, int ClosedByServer)> ParkFloodAsync(Uri url, int count, TimeSpan hold,
        CancellationToken cancellationToken)
    {
        var attempts = await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            try
            {
                return await ConnectAsync(url, null, cancellationToken);
            }
            catch (WebSocketException)
            {
                return null;
            }
        }));
        var open = attempts.OfType<ClientWebSocket>().ToList();
        var closed = await Task.WhenAll(open.Select(async s => await ReadCloseAsync(s, hold) != "held"));
        foreach (var socket in open)
        {
            socket.Abort();
            socket.Dispose();
        }
        return (open.Count, count - open.Count, closed.Count(c => c));
    }

    /// <summary>
    /// Slowloris: <paramref name="count"/> TLS connections that send a request's headers one short line every
    /// <paramref name="every"/> and never finish them. Returns how long each lasted until the server closed it.
    /// </summary>
    public static async Task<IReadOnlyList<double>> SlowHeadersAsync(Uri url, int count, TimeSpan every, TimeSpan limit, CancellationToken cancellationToken)
    {
        return await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            var (seconds, _) = await TrickleAsync(url, $"GET /API/VIDEO/ HTTP/1.1\r\nHost: {url.Authority}\r\n",
                n => $"X-Slow-{i}: {n}\r\n", every, limit, cancellationToken);
            return seconds;
        }));
    }

    /// <summary>A POST whose body comes one byte every <paramref name="every"/>: how long until the server gave up on it, and its answer.</summary>
    public static Task<(double Seconds, string Answer)> SlowBodyAsync(Uri url, TimeSpan every, TimeSpan limit, CancellationToken cancellationToken) =>
        TrickleAsync(url, $"POST /API/VIDEO/ HTTP/1.1\r\nHost: {url.Authority}\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n{{",
            _ => " ", every, limit, cancellationToken);

    /// <summary>Sends <paramref name="head"/>, then a piece every <paramref name="every"/> until the server closes or the limit.</summary>
    private static async Task<(double Seconds, string Answer)> TrickleAsync(Uri url, string head, Func<int, string> piece, TimeSpan every, TimeSpan limit,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var client = new TcpClient();
        await client.ConnectAsync(url.Host, url.Port, cancellationToken);
        await using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false, ClientTls.Validate);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = url.Host }, cancellationToken);
        var answer = ReadAllAsync(tls);
        try
        {
            await WriteAsync(tls, head, cancellationToken);
            for (var n = 0; !answer.IsCompleted && clock.Elapsed < limit; n++)
            {
                await Task.WhenAny(answer, Task.Delay(every, cancellationToken));
                if (!answer.IsCompleted)
                {
                    await WriteAsync(tls, piece(n), cancellationToken);
                }
            }
        }
        catch (IOException)
        {
            // The server closed the connection while we wrote.
        }
        var closedAfter = clock.Elapsed.TotalSeconds;
        client.Close();
        var text = await answer;
        return (closedAfter, text.Length > 0 ? text.Split("\r\n")[0] : "(closed without an answer)");
    }

    /// <summary>Everything the server sends until it closes (or the connection breaks).</summary>
    private static async Task<string> ReadAllAsync(Stream stream)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                text.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // A reset is a close too.
        }
        return text.ToString();
    }

    private static async Task<string> ReadCloseAsync(WebSocket socket, TimeSpan limit)
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return $"{(int?)socket.CloseStatus} {socket.CloseStatusDescription}";
                }
            }
        }
        catch (OperationCanceledException)
        {
            return "held";
        }
        catch (WebSocketException e)
        {
            return "reset: " + e.Message;
        }
    }

    private static Task WriteAsync(Stream stream, string text, CancellationToken cancellationToken) =>
        stream.WriteAsync(Encoding.ASCII.GetBytes(text), cancellationToken).AsTask();
}
