namespace MyVid.Media.Transport;

/// <summary>
/// What the loop tells a peer's signalling session. Called on the loop thread: implementations hand over to the
/// session (a channel, a task completion) and return at once.
/// </summary>
internal interface IPeerObserver
{
    /// <summary>DTLS finished: media flows.</summary>
    void Connected();

    /// <summary>The peer is gone (ICE consent lost, DTLS closed, the stream ended, removed): nothing more comes.</summary>
    void Closed(string reason);
}
