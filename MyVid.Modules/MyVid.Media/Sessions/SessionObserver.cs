using MyVid.Media.Transport;

namespace MyVid.Media.Sessions;

/// <summary>Turns the loop's calls about one peer into tasks the session awaits.</summary>
internal sealed class SessionObserver : IPeerObserver
{
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task ConnectedTask => _connected.Task;

    /// <summary>Completes with the reason when the peer is gone ("ended" for a viewer whose stream ended).</summary>
    public Task<string> ClosedTask => _closed.Task;

    public void Connected() => _connected.TrySetResult();

    public void Closed(string reason) => _closed.TrySetResult(reason);
}
