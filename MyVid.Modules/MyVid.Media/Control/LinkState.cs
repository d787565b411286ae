namespace MyVid.Media.Control;

/// <summary>The endpoint this node is attached to now (and its id there), and how many client sessions it serves.</summary>
internal sealed class LinkState
{
    private volatile Attachment? _current;
    private int _sessions;

    public sealed record Attachment(Uri Endpoint, string NodeId);

    /// <summary>Null while the node is between endpoints.</summary>
    public Attachment? Current => _current;

    public int ActiveSessions => Volatile.Read(ref _sessions);

    /// <summary>Raised on every (re-)registration: the new endpoint and id.</summary>
    public event Action<Attachment>? Registered;

    internal void Attach(Uri endpoint, string nodeId)
    {
        var attachment = new Attachment(endpoint, nodeId);
        _current = attachment;
        Registered?.Invoke(attachment);
    }

    internal void Detach() => _current = null;

    internal void SessionStarted() => Interlocked.Increment(ref _sessions);

    internal void SessionEnded() => Interlocked.Decrement(ref _sessions);
}

/// <summary>Whether this process also has the endpoint role (then, without configured endpoints, the node attaches to itself).</summary>
internal sealed record LinkTarget(bool HasOwnEndpoint);
