using System.Diagnostics;
using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using MyVid.Media.Catalog;
using MyVid.Media.Recording;
using MyVid.Media.Sfu;
using MyVid.Media.Transport;
using MyVid.WebRtc.Ice;
using MyVid.WebRtc.Sdp;

namespace MyVid.Media.Sessions;

/// <summary>
/// One client's signalling, as the design's appendices have it. The first <c>offer</c> makes it a publisher
/// (Appendix C), the first <c>join</c> a viewer (Appendix D). Bad input is answered <c>{"type":"error","message"}</c>
/// and the session goes on, except a join of a stream that does not exist, which closes it.
/// </summary>
internal sealed partial class ClientSession(
    SignalSocket socket, LiveRouter router, IMediaCatalog catalog, LiveRecordings recordings, MediaOptions options, TimeProvider time, ILogger logger)
{
    private readonly SessionObserver _observer = new();
    private LivePeer? _peer;
    private StreamInfo? _stream;
    private StreamRecording? _recording;
    private bool _viewer;
    private bool _answered;
    private string _leaveReason = "the signalling socket closed";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Task<(ReceiveOutcome Outcome, ReadOnlyMemory<byte> Message)>? receive = null;
        while (true)
        {
            receive ??= socket.ReceiveAsync(cancellationToken);
            var finished = await Task.WhenAny(receive, _observer.ClosedTask);
            if (finished == _observer.ClosedTask)
            {
                await OnPeerClosedAsync(await _observer.ClosedTask, cancellationToken);
                return;
            }

            var (outcome, message) = await receive;
            receive = null;
            switch (outcome)
            {
                case ReceiveOutcome.Closed:
                    return;
                case ReceiveOutcome.TooLarge:
                    await socket.SendErrorAsync($"message larger than {socket.MaxMessageBytes} bytes", cancellationToken);
                    continue;
                case ReceiveOutcome.Binary:
                    await socket.SendErrorAsync("binary messages are not part of the protocol: send JSON text", cancellationToken);
                    continue;
            }

            var parsed = SignalMessage.TryParse(message, out var error);
            if (parsed is null)
            {
                await socket.SendErrorAsync(error!, cancellationToken);
                continue;
            }

            if (!await HandleAsync(parsed, cancellationToken))
            {
                return;
            }
        }
    }

    /// <summary>
    /// The signalling socket broke without a close (the endpoint it came through died; a client that leaves closes it,
    /// or its endpoint does): the media does not go through the endpoint, so a connected peer goes on until its media
    /// ends by itself (DTLS close, ICE consent) or the node stops, and a live entry follows the node to its next
    /// endpoint (<c>LiveEntryMover</c>). Returns when the media is over.
    /// </summary>
    public async Task OutliveSignallingAsync(CancellationToken cancellationToken)
    {
        if (_peer is null || !_observer.ConnectedTask.IsCompletedSuccessfully)
        {
            return;
        }

        try
        {
            await _observer.ClosedTask.WaitAsync(cancellationToken);
            _peer = null; // the loop has let it go already
        }
        catch (OperationCanceledException)
        {
            // The node stops: LeaveAsync frees it.
        }
    }

    /// <summary>Frees what the session held: a publisher's stream ends, a viewer leaves it.</summary>
    public async Task LeaveAsync()
    {
        if (_peer is { } peer)
        {
            router.Loop.Post(() => router.Leave(peer, _leaveReason));
        }

        if (!_viewer && _stream?.VideoId is { } videoId)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await catalog.MarkEndedAsync(videoId, timeout.Token);
            }
#pragma warning disable CA1031 // the catalogue being unreachable must not fail the session's cleanup
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogCatalogFailed(logger, "MarkEnded", videoId, e);
            }
        }

        if (_recording is { } recording)
        {
            recordings.Finish(recording, _leaveReason);
        }
    }

    /// <summary>Handles one message; false when the session is over.</summary>
    private async Task<bool> HandleAsync(SignalMessage message, CancellationToken cancellationToken)
    {
        switch (message.Type)
        {
            case "offer" when _peer is null:
                await PublishAsync(message, cancellationToken);
                return true;
            case "join" when _peer is null:
                return await JoinAsync(message, cancellationToken);
            case "answer" when _viewer && !_answered:
                await AnswerAsync(message, cancellationToken);
                return true;
            case "LIVE" when _peer is not null && !_viewer:
                await GoLiveAsync(message, cancellationToken);
                return true;
            case "restart" when _peer is not null:
                await RestartIceAsync(message, cancellationToken);
                return true;
            case "offer" or "join" or "answer" or "LIVE" or "restart":
                await socket.SendErrorAsync($"'{message.Type}' is not expected now", cancellationToken);
                return true;
            case null or "candidate" when message.IsCandidate:
                await CandidateAsync(message, cancellationToken);
                return true;
            case null:
                await socket.SendErrorAsync("a message needs a \"type\" (offer, join, answer, LIVE, restart) or a \"candidate\"", cancellationToken);
                return true;
            default:
                await socket.SendErrorAsync($"unknown message type '{message.Type}'", cancellationToken);
                return true;
        }
    }

    private async Task PublishAsync(SignalMessage message, CancellationToken cancellationToken)
    {
        if (!TryParseSdp(message.Sdp, out var offer, out var error))
        {
            await socket.SendErrorAsync("bad offer: " + error, cancellationToken);
            return;
        }

        var trace = Activity.Current;
        var result = await router.Loop.InvokeAsync(() => router.Publish(offer, _observer, trace));
        if (result.Error is not null)
        {
            await socket.SendErrorAsync("offer not accepted: " + result.Error, cancellationToken);
            return;
        }

        _peer = result.Peer;
        _stream = result.Stream;
        trace?.SetTag("StreamId", result.Stream!.StreamId);
        LogSession(logger, "publishes", _stream!.StreamId);
        await socket.SendTypedAsync("answer", cancellationToken, ("sdp", result.AnswerSdp!));
        await socket.SendCandidateAsync(result.Candidate!, FirstMid(result.AnswerSdp!), cancellationToken);
    }

    private async Task GoLiveAsync(SignalMessage message, CancellationToken cancellationToken)
    {
        if (_stream!.VideoId is { } already)
        {
            await socket.SendTypedAsync("LIVE", cancellationToken, ("ID", already));
            return;
        }

        var title = message.Title?.Trim();
        if (string.IsNullOrEmpty(title) || title.Length > 200 || (message.Description?.Length ?? 0) > 5000)
        {
            await socket.SendErrorAsync("LIVE needs a \"Title\" (1-200 characters) and at most 5000 characters of \"Description\"", cancellationToken);
            return;
        }

        var connected = await Task.WhenAny(_observer.ConnectedTask, _observer.ClosedTask, Task.Delay(TimeSpan.FromSeconds(options.LiveWaitSeconds), cancellationToken));
        if (connected != _observer.ConnectedTask)
        {
            await socket.SendErrorAsync("LIVE before media flows: the WebRTC connection did not come up", cancellationToken);
            return;
        }

        try
        {
            var id = await catalog.CreateLiveAsync(title, message.Description ?? "", _stream.StreamId, cancellationToken);
            _stream.VideoId = id;
            Activity.Current?.SetTag("VideoId", id);
            LogLive(logger, _stream.StreamId, id);
            await socket.SendTypedAsync("LIVE", cancellationToken, ("ID", id));
            if (_peer is { } publisher)
            {
                _recording = recordings.Start(publisher, id, title, message.Record, socket);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogCatalogFailed(logger, "CreateLive", _stream.StreamId, e);
            await socket.SendErrorAsync("the stream could not be registered in the catalogue; try LIVE again", cancellationToken);
        }
    }

    private async Task CandidateAsync(SignalMessage message, CancellationToken cancellationToken)
    {
        // An ICE-lite node learns the client's addresses from its checks: candidates are only checked, then dropped.
        if (!string.IsNullOrWhiteSpace(message.Candidate) && !IceCandidate.TryParse(message.Candidate, out _))
        {
            await socket.SendErrorAsync("malformed candidate", cancellationToken);
        }
    }

    /// <summary>
    /// ICE restart (WHIP/WHEP's PATCH with <c>If-Match: *</c>, relayed by the api): the client's new credentials in,
    /// ours out with our candidate, <c>{"type":"restarted","ufrag","pwd","candidate"}</c>. DTLS and SRTP go on.
    /// </summary>
    private async Task RestartIceAsync(SignalMessage message, CancellationToken cancellationToken)
    {
        IceCredentials remote;
        try
        {
            remote = new IceCredentials(message.Ufrag!, message.Pwd!);
        }
        catch (ArgumentException)
        {
            await socket.SendErrorAsync("restart needs the new \"ufrag\" (4-256 ice-chars) and \"pwd\" (22-256 ice-chars)", cancellationToken);
            return;
        }

        var peer = _peer!;
        var local = await router.Loop.InvokeAsync(() => router.Loop.RestartIce(peer, remote));
        if (local is null)
        {
            await socket.SendErrorAsync("'restart' is not expected now: the media connection is not negotiated or has ended", cancellationToken);
            return;
        }

        LogIceRestarted(logger, _stream?.StreamId ?? "(viewer)", local.Ufrag);
        await socket.SendTypedAsync("restarted", cancellationToken,
            ("ufrag", local.Ufrag), ("pwd", local.Password), ("candidate", "candidate:" + peer.Connection.LocalTransport.Candidates[0]));
    }

    private async Task OnPeerClosedAsync(string reason, CancellationToken cancellationToken)
    {
        _peer = null; // the loop has let it go already
        if (_viewer || reason == "ended")
        {
            await socket.SendTypedAsync("ended", cancellationToken);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "stream ended");
        }
        else
        {
            await socket.SendTypedAsync("ended", cancellationToken, ("message", "the media connection ended: " + reason));
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "media connection ended");
        }
    }

    private static bool TryParseSdp(string? sdp, out SessionDescription description, out string error)
    {
        if (string.IsNullOrWhiteSpace(sdp))
        {
            description = null!;
            error = "no \"sdp\"";
            return false;
        }

        if (!SdpParser.TryParse(sdp, out description, out error))
        {
            return false;
        }

        if (!description.Media.Any(m => m.Kind is MediaKind.Audio or MediaKind.Video))
        {
            error = "the SDP has no audio or video section";
            return false;
        }

        return true;
    }

    private static string? FirstMid(string sdp) =>
        SdpParser.TryParse(sdp, out var description, out _) ? description.Media.FirstOrDefault()?.Mid : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "A client {Action} stream {StreamId}")]
    private static partial void LogSession(ILogger logger, string action, string streamId);

    [LoggerMessage(Level = LogLevel.Information, Message = "A client joins stream {StreamId}; its offer was made in {OfferMs:F1} ms (the loop's turn, a new peer connection)")]
    private static partial void LogJoined(ILogger logger, string streamId, double offerMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream {StreamId} is live as catalogue ID {VideoId}")]
    private static partial void LogLive(ILogger logger, string streamId, string videoId);

    [LoggerMessage(Level = LogLevel.Information, Message = "ICE restart of a client of stream {StreamId}: new ufrag {Ufrag}")]
    private static partial void LogIceRestarted(ILogger logger, string streamId, string ufrag);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catalogue call {Call} failed for {Id}")]
    private static partial void LogCatalogFailed(ILogger logger, string call, string id, Exception exception);
}
