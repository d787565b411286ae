using System.Net;
using MyVid.WebRtc.Stun;

namespace MyVid.WebRtc.Ice;

/// <summary>
/// Server side of ICE as a lite agent (RFC 8445 §2.5, §8.2): it only answers the peer's checks, is always
/// controlled, and uses the pair the peer nominates. Sans-IO: fed datagrams and time, it writes responses into the
/// caller's buffer (nothing is allocated on that path) and queues events. Not thread-safe.
/// <list type="bullet">
/// <item>Requests that fail USERNAME or MESSAGE-INTEGRITY are dropped, not answered with 401 (RFC 8489 §9.1.3
/// allows either for short-term credentials): an unsigned 401 proves nothing to the peer, tells a scanner that
/// the port speaks ICE, and a legitimate peer with stale credentials is better served by its own timeout.</item>
/// <item>Role conflict (§7.3.1.1): a lite agent cannot take the controlling role, so a request with
/// ICE-CONTROLLED always gets 487 (as if we had lost the tie-break) and the peer switches to controlling;
/// ICE-CONTROLLING, or neither attribute, is accepted.</item>
/// <item>Nomination: the latest pair the peer nominates (USE-CANDIDATE) is selected; that follows the peer's own
/// re-selection after a network change.</item>
/// <item>Consent (RFC 7675): the peer's checks on the selected pair are its consent; after
/// <see cref="ConsentTimeout"/> without one the agent closes.</item>
/// </list>
/// </summary>
public sealed class IceLiteAgent : IDisposable
{
    public static readonly TimeSpan DefaultConsentTimeout = TimeSpan.FromSeconds(30);

    private readonly Queue<IceEvent> _events = new();
    private IceKeys _keys;

    /// <summary>The generation before an ICE restart, still accepted until the peer nominates under the new one.</summary>
    private IceKeys? _previousKeys;

    /// <summary>When <see cref="_previousKeys"/> go even without a nomination under the new ones.</summary>
    private DateTimeOffset _previousUntil;

    private DateTimeOffset _lastConsent;

    public IceLiteAgent(IceCredentials local, IceCredentials? remote = null, TimeSpan? consentTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(local);
        _keys = new IceKeys(local, remote);
        ConsentTimeout = consentTimeout ?? DefaultConsentTimeout;
    }

    public TimeSpan ConsentTimeout { get; }

    public IceCredentials LocalCredentials => _keys.Local;

    public IceCredentials? RemoteCredentials => _keys.Remote;

    /// <summary>Our credentials of the generation before an ICE restart while they are still accepted, else null.</summary>
    public IceCredentials? PreviousLocalCredentials => _previousKeys?.Local;

    public IceConnectionState State { get; private set; }

    /// <summary>Where media goes: the remote endpoint of the selected pair.</summary>
    public IPEndPoint? SelectedRemote { get; private set; }

    /// <summary>Sets the peer's credentials from its SDP when they were not known at construction.</summary>
    public void SetRemoteCredentials(IceCredentials remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var keys = new IceKeys(_keys.Local, remote);
        _keys.Dispose();
        _keys = keys;
    }

    /// <summary>
    /// ICE restart (RFC 8445 §9): both sides take new credentials. Media keeps flowing on the selected pair and
    /// checks under the old credentials still count as consent until the peer nominates a pair under the new ones,
    /// or for <see cref="ConsentTimeout"/> at most (a peer that restarted checks under the new ones at once).
    /// </summary>
    public void Restart(IceCredentials local, IceCredentials remote, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        _previousKeys?.Dispose();
        _previousKeys = _keys;
        _previousUntil = now + ConsentTimeout;
        _keys = new IceKeys(local, remote);
    }

    /// <summary>
    /// Handles one datagram that arrived from <paramref name="from"/>. Returns true when
    /// <c>response[..responseLength]</c> must be sent back to <paramref name="from"/>; false when the datagram is
    /// not a valid check (not STUN at all, or dropped). The buffer needs room for about 100 bytes.
    /// </summary>
    public bool HandleDatagram(ReadOnlySpan<byte> datagram, IPEndPoint from, DateTimeOffset now,
        Span<byte> response, out int responseLength)
    {
        ArgumentNullException.ThrowIfNull(from);
        responseLength = 0;
        HandleTimeout(now);
        if (State == IceConnectionState.Closed
            || !IceBinding.TryRead(datagram, out var request) || request.Class != StunClass.Request)
        {
            return false;
        }

        var keys = _keys.Authenticates(request) ? _keys
            : _previousKeys is not null && _previousKeys.Authenticates(request) ? _previousKeys
            : null;
        if (keys is null)
        {
            return false;
        }

        bool roleConflict = request.TryGetIceControlled(out _);
        if (!roleConflict)
        {
            if (request.HasUseCandidate && keys == _keys)
            {
                Select(from, now);
            }
            else if (from.Equals(SelectedRemote))
            {
                _lastConsent = now;
            }
        }

        return IceBinding.TryWriteResponse(request.TransactionId, from, roleConflict, keys.LocalKey, response,
            out responseLength);
    }

    /// <summary>Closes the agent once consent has expired; forgets the previous generation after its grace.</summary>
    public void HandleTimeout(DateTimeOffset now)
    {
        if (_previousKeys is not null && now >= _previousUntil)
        {
            _previousKeys.Dispose();
            _previousKeys = null;
        }

        if (State == IceConnectionState.Connected && now >= _lastConsent + ConsentTimeout)
        {
            State = IceConnectionState.Closed;
            _events.Enqueue(new IceEvent(IceEventKind.Closed, SelectedRemote));
        }
    }

    /// <summary>When <see cref="HandleTimeout"/> should next run, or null when no timer is armed.</summary>
    public DateTimeOffset? PollTimeout()
    {
        DateTimeOffset? consent = State == IceConnectionState.Connected ? _lastConsent + ConsentTimeout : null;
        return _previousKeys is null ? consent : consent is { } due && due < _previousUntil ? due : _previousUntil;
    }

    public bool TryPollEvent(out IceEvent iceEvent) => _events.TryDequeue(out iceEvent);

    public void Dispose()
    {
        _keys.Dispose();
        _previousKeys?.Dispose();
    }

    private void Select(IPEndPoint from, DateTimeOffset now)
    {
        _lastConsent = now;
        _previousKeys?.Dispose();
        _previousKeys = null;
        if (from.Equals(SelectedRemote))
        {
            return;
        }

        // Copied: IPEndPoint is mutable and the caller may reuse the one it passed in.
        SelectedRemote = new IPEndPoint(from.Address, from.Port);
        var kind = State == IceConnectionState.New ? IceEventKind.Connected : IceEventKind.SelectedPairChanged;
        State = IceConnectionState.Connected;
        _events.Enqueue(new IceEvent(kind, SelectedRemote));
    }
}
