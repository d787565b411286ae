using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace MyVid.Signalling.Whip;

/// <summary>
/// The WHIP and WHEP sessions this api process relays, by id; bounded by <c>Signalling:Whip:MaxSessions</c>. A session
/// that ended on the node's side is remembered for a minute: clients such as whip-whep close their peer connection
/// first (the node sees DTLS close and ends the session) and DELETE after, which must still be a 200.
/// </summary>
internal sealed class RelaySessions(IOptions<SignallingOptions> options, TimeProvider time)
{
    private static readonly TimeSpan EndedKept = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, RelaySession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EndedSession> _ended = new(StringComparer.Ordinal);
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
        ForgetOldEnded();
        _sessions[session.Id] = session;
        _ = session.Ended.ContinueWith(_ => Remove(session.Id), TaskScheduler.Default);
    }

    /// <summary>The session <paramref name="id"/> when its URL names it: WHIP's (no video in the URL) or WHEP's of that video.</summary>
    public bool TryGet(string id, string? urlVideoId, out RelaySession session) =>
        _sessions.TryGetValue(id, out session!) && Names(urlVideoId, session.IsPublisher, session.VideoId);

    /// <summary>Forgets a session that ended by itself lately, as its client's DELETE asks; false when there was none.</summary>
    public bool TryForgetEnded(string id, string? urlVideoId) =>
        _ended.TryGetValue(id, out var ended) && Names(urlVideoId, ended.IsPublisher, ended.VideoId)
        && time.GetElapsedTime(ended.At) < EndedKept && _ended.TryRemove(id, out _);

    // A WHEP session's URL names its video too: it must be the session's.
    private static bool Names(string? urlVideoId, bool isPublisher, string? videoId) =>
        urlVideoId is null ? isPublisher : !isPublisher && videoId == urlVideoId;

    private void Remove(string id)
    {
        if (_sessions.TryRemove(id, out var session))
        {
            if (!session.Deleted)
            {
                _ended[id] = new EndedSession(session.IsPublisher, session.VideoId, time.GetTimestamp());
            }
            Release();
            _ = session.DisposeAsync().AsTask();
        }
    }

    private void ForgetOldEnded()
    {
        foreach (var (id, ended) in _ended)
        {
            if (time.GetElapsedTime(ended.At) >= EndedKept)
            {
                _ended.TryRemove(id, out _);
            }
        }
    }

    private readonly record struct EndedSession(bool IsPublisher, string? VideoId, long At);
}
