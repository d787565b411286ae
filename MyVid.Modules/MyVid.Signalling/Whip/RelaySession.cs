using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using MyVid.Platform.Ids;
using MyVid.Platform.WebSockets;

namespace MyVid.Signalling.Whip;

/// <summary>Why a media node did not answer an offer, and what the HTTP client is told.</summary>
internal enum RelayRefusal
{
    /// <summary>The node refused the offer (bad or unusable SDP): 422 with its reason.</summary>
    Refused,

    /// <summary>WHEP: the stream is not (or no longer) on its node: 409 and Retry-After.</summary>
    NoPublisher,

    /// <summary>The node or its endpoint is gone, full or slow: 503 and Retry-After.</summary>
    Unavailable,
}

/// <summary>
/// One WHIP or WHEP session as the api holds it: a client of the media node's own signalling (Appendix C or D) over
/// the endpoint's <c>/ENDPOINT/{id}</c> WebSocket, like a browser's, so the node serves it with the same session
/// code. Closing the socket ends the session on the node (a publisher's stream ends, a viewer leaves).
/// </summary>
internal sealed partial class RelaySession : IAsyncDisposable
{
    private const int MaxMessageBytes = 64 * 1024;
    private readonly ClientWebSocket _socket;
    private readonly JsonMessageSender _sender;
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _restarting = new(1, 1);
    private TaskCompletionSource<IceRestartReply>? _restart;
    private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(MaxMessageBytes);

    private RelaySession(ClientWebSocket socket, string? videoId, string owner)
    {
        Id = owner + ShortId.New(22);
        _socket = socket;
        _sender = new JsonMessageSender(socket);
        VideoId = videoId;
        IsPublisher = videoId is null;
    }

    /// <summary>A WHIP publisher's session (else a WHEP viewer's).</summary>
    public bool IsPublisher { get; }

    /// <summary>
    /// The last part of the session's URL: the owning api node's id (<see cref="SessionOwners"/>), then 22 random
    /// base62 characters, so nobody guesses another's.
    /// </summary>
    public string Id { get; }

    /// <summary>The entity tag of the session's ICE state: a new one after each ICE restart.</summary>
    public string ETag { get; private set; } = NewETag();

    /// <summary>The answer's first media section (its m= line and mid): an ICE restart's sdpfrag names it (RFC 9725 §4.3.2).</summary>
    public (string MediaLine, string? Mid) FirstMedia { get; private set; }

    /// <summary>The catalogue ID: a viewer's from the start, a publisher's once the node said <c>LIVE</c>.</summary>
    public string? VideoId { get; private set; }

    /// <summary>Set when the client's DELETE ended the session (then it is not remembered as ended by the node).</summary>
    public bool Deleted { get; private set; }

    /// <summary>Completes when the node ended the session or the socket closed.</summary>
    public Task Ended => _ended.Task;

    /// <summary>Completes with the outcome of a publisher's <c>LIVE</c>: its catalogue ID, or null when it failed.</summary>
    public TaskCompletionSource<string?> Live { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Opens the socket, sends <paramref name="first"/> (an offer, or a join with the viewer's offer) and waits for the
    /// node's <c>answer</c>. On success the session reads on by itself until it ends.
    /// </summary>
    public static async Task<(RelaySession? Session, string? Answer, RelayRefusal Refusal, string? Reason)> OpenAsync(
        Uri endpoint, Action<Utf8JsonWriter> first, string? videoId, string owner, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        var session = new RelaySession(socket, videoId, owner);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(endpoint, limit.Token);
            await session.SendAsync(first, limit.Token);
            while (true)
            {
                var message = await session.ReceiveAsync(limit.Token);
                if (message is null)
                {
                    session.Abort();
                    // A join of a stream the node does not have is answered with an error first; a bare close is the bridge's.
                    return (null, null, RelayRefusal.Unavailable, "the media node closed the session: " + socket.CloseStatusDescription);
                }

                using var document = message;
                var root = document.RootElement;
                var type = root.TryGetProperty("type", out var t) ? t.GetString() : null;
                if (type == "answer" && root.TryGetProperty("sdp", out var sdp) && sdp.GetString() is { } answer)
                {
                    session.FirstMedia = TrickleFragment.FirstMedia(answer);
                    _ = session.ReadOnAsync();
                    return (session, answer, default, null);
                }

                if (type == "error")
                {
                    var reason = root.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "";
                    session.Abort();
                    return (null, null, Classify(reason), reason);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or JsonException)
        {
            session.Abort();
            cancellationToken.ThrowIfCancellationRequested();
            var reason = socket.HttpStatusCode is HttpStatusCode.NotFound ? "the media node is no longer attached to its endpoint"
                : e is OperationCanceledException ? "the media node did not answer in time" : "the media node could not be reached: " + e.Message;
            return (null, null, RelayRefusal.Unavailable, reason);
        }
    }

    /// <summary>Sends one JSON object to the node (the session's messages go one at a time).</summary>
    public Task SendAsync(Action<Utf8JsonWriter> write, CancellationToken cancellationToken) => _sender.SendAsync(write, cancellationToken);

    /// <summary>Ends the session on its client's DELETE: it is gone at once, not remembered as ended by the node.</summary>
    public Task DeleteAsync()
    {
        Deleted = true;
        return CloseAsync("session deleted");
    }

    /// <summary>Ends the session: the node's session sees the socket close, as when a browser leaves.</summary>
    public async Task CloseAsync(string reason)
    {
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            try
            {
                using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, reason, limit.Token);
                await _ended.Task.WaitAsync(limit.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or TimeoutException)
            {
                _socket.Abort();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync("session over");
        _socket.Dispose();
        _sender.Dispose();
        _restarting.Dispose();
        _ended.TrySetResult();
        Live.TrySetResult(null);
    }

    /// <summary>Drops a session that never got going (no answer): no close handshake to wait for.</summary>
    private void Abort()
    {
        _socket.Abort();
        _socket.Dispose();
        _sender.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
    }

    private static string NewETag() => "\"" + ShortId.New(16) + "\"";

    /// <summary>Refusals the media node words itself (ClientSession, LiveRouter): an unknown stream, a full one, the rest.</summary>
    private static RelayRefusal Classify(string reason) =>
        reason.StartsWith("no live stream", StringComparison.Ordinal) ? RelayRefusal.NoPublisher
        : reason.Contains("viewer limit", StringComparison.Ordinal) ? RelayRefusal.Unavailable
        : RelayRefusal.Refused;

    /// <summary>Reads the node's messages after the answer: LIVE's ID, the end of the session.</summary>
    private async Task ReadOnAsync()
    {
        try
        {
            while (await ReceiveAsync(CancellationToken.None) is { } message)
            {
                using (message)
                {
                    var root = message.RootElement;
                    var type = root.TryGetProperty("type", out var t) ? t.GetString() : null;
                    if (type is "restarted" or "error" && Volatile.Read(ref _restart) is { } restart)
                    {
                        restart.TrySetResult(IceRestartReply.From(type, root));
                    }
                    else if (type == "LIVE" && root.TryGetProperty("ID", out var id))
                    {
                        VideoId = id.GetString();
                        Live.TrySetResult(VideoId);
                    }
                    else if (type == "error" && !Live.Task.IsCompleted && VideoId is null)
                    {
                        Live.TrySetResult(null); // LIVE refused (the media never came up): the caller ends the session
                    }
                    else if (type == "ended")
                    {
                        break;
                    }
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or JsonException or ObjectDisposedException)
        {
            // The endpoint or node went away: the session is over for the api (the media may outlive it on the node).
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            Live.TrySetResult(VideoId);
            Volatile.Read(ref _restart)?.TrySetResult(IceRestartReply.SessionOver);
            _ended.TrySetResult();
        }
    }

    /// <summary>One whole text message as JSON; null when the socket closed. Larger messages than any of the node's end the session.</summary>
    private async Task<JsonDocument?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var length = 0;
        while (true)
        {
            if (length == MaxMessageBytes)
            {
                throw new WebSocketException(WebSocketError.Faulted, "a message from the media node is too large");
            }

            var result = await _socket.ReceiveAsync(_buffer.AsMemory(length, MaxMessageBytes - length), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                return JsonDocument.Parse(_buffer.AsMemory(0, length));
            }
        }
    }
}
