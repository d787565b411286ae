using System.Diagnostics;
using System.Net.WebSockets;
using MyVid.Media.Sfu;
using MyVid.Media.Transport;

namespace MyVid.Media.Sessions;

/// <summary>A viewer's side of the session: Appendix D's join and answer, or a join carrying the viewer's own offer (WHEP).</summary>
internal sealed partial class ClientSession
{
    private async Task<bool> JoinAsync(SignalMessage message, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(message.StreamId) || message.StreamId.Length > 64)
        {
            await socket.SendErrorAsync("join needs a \"StreamID\"", cancellationToken);
            return true;
        }

        var streamId = message.StreamId;
        if (message.Sdp is not null)
        {
            return await JoinWithOfferAsync(streamId, message.Sdp, cancellationToken);
        }

        var started = time.GetTimestamp();
        var result = await router.Loop.InvokeAsync(() => router.Join(streamId, _observer, time.GetUtcNow()));
        if (result.Error is not null)
        {
            return await RefuseJoinAsync(result.Error, result.Fatal, cancellationToken);
        }

        BecomeViewer(result.Peer!, streamId);
        var offerMs = time.GetElapsedTime(started).TotalMilliseconds;
        LogJoined(logger, streamId, offerMs);
        await socket.SendTypedAsync("offer", cancellationToken, ("sdp", result.OfferSdp!));
        await socket.SendCandidateAsync(result.Candidate!, FirstMid(result.OfferSdp!), cancellationToken);
        return true;
    }

    /// <summary>A join that carries the viewer's own offer (a WHEP player, relayed by the api): answered, no answer expected back.</summary>
    private async Task<bool> JoinWithOfferAsync(string streamId, string sdp, CancellationToken cancellationToken)
    {
        if (!TryParseSdp(sdp, out var offer, out var error))
        {
            await socket.SendErrorAsync("bad offer: " + error, cancellationToken);
            return true;
        }

        var result = await router.Loop.InvokeAsync(() => router.JoinWithOffer(streamId, offer, _observer, time.GetUtcNow()));
        if (result.Error is not null)
        {
            return await RefuseJoinAsync(result.Fatal ? result.Error : "offer not accepted: " + result.Error, result.Fatal, cancellationToken);
        }

        BecomeViewer(result.Peer!, streamId);
        _answered = true;
        LogSession(logger, "joins with its own offer", streamId);
        await socket.SendTypedAsync("answer", cancellationToken, ("sdp", result.AnswerSdp!));
        return true;
    }

    /// <summary>A join the router refused: the error, and the socket closed when it is fatal (no such stream, no room); false when closed.</summary>
    private async Task<bool> RefuseJoinAsync(string error, bool fatal, CancellationToken cancellationToken)
    {
        await socket.SendErrorAsync(error, cancellationToken);
        if (fatal)
        {
            await socket.CloseAsync(WebSocketCloseStatus.PolicyViolation, "no such stream");
        }

        return !fatal;
    }

    /// <summary>The router took this session as a viewer of <paramref name="streamId"/>: leaving it now leaves the stream.</summary>
    private void BecomeViewer(LivePeer peer, string streamId)
    {
        _peer = peer;
        _viewer = true;
        _leaveReason = "the viewer's signalling socket closed";
        Activity.Current?.SetTag("StreamId", streamId);
    }

    private async Task AnswerAsync(SignalMessage message, CancellationToken cancellationToken)
    {
        if (!TryParseSdp(message.Sdp, out var answer, out var error))
        {
            await socket.SendErrorAsync("bad answer: " + error, cancellationToken);
            return;
        }

        var peer = _peer!;
        var refused = await router.Loop.InvokeAsync(() => LiveRouter.AcceptAnswer(peer, answer));
        if (refused is not null)
        {
            await socket.SendErrorAsync("answer not accepted: " + refused, cancellationToken);
            return;
        }

        _answered = true;
    }
}
