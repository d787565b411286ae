using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace MyVid.Signalling.Whip;

/// <summary>The WHIP and WHEP sessions this api process relays, by id; bounded by <c>Signalling:Whip:MaxSessions</c>.</summary>
internal sealed class RelaySessions(IOptions<SignallingOptions> options)
{
    private readonly ConcurrentDictionary<string, RelaySession> _sessions = new(StringComparer.Ordinal);
    private int _reserved;

    public int Count => _sessions.Count;

    /// <summary>Holds a place for a session about to open; false when the api relays as many as it may.</summary>
    public bool TryReserve()
    {
        if (Interlocked.Increment(ref _reserved) > options.Value.Whip.MaxSessions)
        {
            Interlocked.Decrement(ref _reserved);
            return false;
        }
        return true;
    }

    /// <summary>Gives back a place whose session did not open.</summary>
    public void Release() => Interlocked.Decrement(ref _reserved);

    /// <summary>Takes an opened session (on a reserved place); it leaves by itself when it ends.</summary>
    public void Add(RelaySession session)
    {
        _sessions[session.Id] = session;
        _ = session.Ended.ContinueWith(_ => Remove(session.Id), TaskScheduler.Default);
    }

    public bool TryGet(string id, out RelaySession session) => _sessions.TryGetValue(id, out session!);

    private void Remove(string id)
    {
        if (_sessions.TryRemove(id, out var session))
        {
            Release();
            _ = session.DisposeAsync().AsTask();
        }
    }
}
