using System.Net.WebSockets;

namespace MyVid.Signalling.Whip;

/// <summary>A WHIP or WHEP session's ICE restart (RFC 9725 §4.3.2), relayed to the media node as an added message.</summary>
internal sealed partial class RelaySession
{
    /// <summary>
    /// ICE restart: sends the client's new credentials as <c>{"type":"restart","ufrag","pwd"}</c> (added to Appendix
    /// C/D) and waits for the node's <c>restarted</c> with its own, or its error. On success the session has a new ETag.
    /// One restart at a time; null when the node did not answer within <paramref name="timeout"/>.
    /// </summary>
    public async Task<IceRestartReply?> RestartIceAsync(string ufrag, string pwd, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await _restarting.WaitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        var reply = new TaskCompletionSource<IceRestartReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _restart, reply);
        try
        {
            await SendAsync(w =>
            {
                w.WriteString("type", "restart");
                w.WriteString("ufrag", ufrag);
                w.WriteString("pwd", pwd);
            }, limit.Token);
            // Ended before the restart was registered: ReadOnAsync's end did not see it.
            var result = _ended.Task.IsCompleted ? IceRestartReply.SessionOver : await reply.Task.WaitAsync(limit.Token);
            if (result.Error is null)
            {
                ETag = NewETag();
            }
            return result;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null; // the node is silent
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or IOException)
        {
            return IceRestartReply.SessionOver;
        }
        finally
        {
            Volatile.Write(ref _restart, null);
            _restarting.Release();
        }
    }
}
