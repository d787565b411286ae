using System.Net;
using System.Security.Cryptography;
using MyVid.WebRtc.Stun;

namespace MyVid.WebRtc.Ice;

/// <summary>
/// Client side of ICE as a full, controlling agent with host candidates only (RFC 8445), for our load client and
/// tests. Sans-IO: fed datagrams and time; <see cref="TryPollTransmit"/> writes what to send into the caller's buffer.
/// Call <see cref="HandleTimeout"/> at <see cref="PollTimeout"/>, then drain <see cref="TryPollTransmit"/> and
/// <see cref="TryPollEvent"/> (also after each <see cref="HandleDatagram"/>). Not thread-safe.
/// <list type="bullet">
/// <item>Checks are paced by Ta, highest pair priority first, and retransmitted with a doubling, capped RTO.
/// There is no freezing by foundation: with host candidates of one component, every pair starts Waiting.</item>
/// <item>Regular nomination (§8.1.1; RFC 8445 dropped aggressive nomination): the first pair whose check
/// succeeds is checked again with USE-CANDIDATE, and is selected when that check succeeds.</item>
/// <item>Consent (RFC 7675): once connected, a check every ~5 s on the selected pair; the agent closes when none
/// was answered for 30 s.</item>
/// <item>The agent answers the peer's checks but does not run triggered checks or learn peer-reflexive
/// candidates from them. It never gives up the controlling role: a peer's ICE-CONTROLLING gets 487, and a
/// 487 answer fails the pair.</item>
/// </list>
/// </summary>
public sealed class IceControllingAgent : IDisposable
{
    private readonly IceKeys _keys;
    private readonly RandomNumberGenerator _random;
    private readonly IceControllingOptions _options;
    private readonly ulong _tieBreaker;
    private readonly List<(IPEndPoint EndPoint, uint Priority)> _locals = [];
    private readonly List<(IPEndPoint EndPoint, uint Priority)> _remotes = [];
    private readonly List<IceCandidatePair> _pairs = [];
    private readonly Queue<(StunTransactionId Id, IPEndPoint Local, IPEndPoint Remote, bool RoleConflict)> _responses = new();
    private readonly Queue<IceEvent> _events = new();
    private DateTimeOffset _nextPacing = DateTimeOffset.MinValue;
    private DateTimeOffset _nextConsent;
    private DateTimeOffset _lastConsent;
    private IceCandidatePair? _nominating;
    private IceCandidatePair? _selected;

    public IceControllingAgent(IceCredentials local, IceCredentials remote,
        RandomNumberGenerator random, IceControllingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(random);
        _keys = new IceKeys(local, remote);
        _random = random;
        _options = options ?? new IceControllingOptions();
        _tieBreaker = NextUInt64();
    }

    public IceConnectionState State { get; private set; }

    public (IPEndPoint Local, IPEndPoint Remote)? SelectedPair { get; private set; }

    /// <summary>A host candidate of ours; earlier ones get the higher local preference.</summary>
    public void AddLocalCandidate(IPEndPoint local)
    {
        ArgumentNullException.ThrowIfNull(local);
        uint priority = IceCandidate.ComputePriority(IceCandidateType.Host, 65535 - _locals.Count, 1);
        _locals.Add((local, priority));
        foreach (var remote in _remotes)
        {
            AddPair(local, priority, remote.EndPoint, remote.Priority);
        }
    }

    /// <summary>A trickled remote candidate; false (ignored) unless it is a UDP, component 1, IP-literal candidate.</summary>
    public bool AddRemoteCandidate(IceCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (candidate.Component != 1 || !candidate.Transport.Equals("udp", StringComparison.OrdinalIgnoreCase)
            || !candidate.TryGetEndPoint(out var endPoint))
        {
            return false;
        }

        _remotes.Add((endPoint!, candidate.Priority));
        foreach (var local in _locals)
        {
            AddPair(local.EndPoint, local.Priority, endPoint!, candidate.Priority);
        }

        return true;
    }

    /// <summary>A datagram that arrived on <paramref name="local"/> from <paramref name="from"/>.</summary>
    public void HandleDatagram(ReadOnlySpan<byte> datagram, IPEndPoint local, IPEndPoint from, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(from);
        if (State == IceConnectionState.Closed || !IceBinding.TryRead(datagram, out var message))
        {
            return;
        }

        if (message.Class == StunClass.Indication)
        {
            return;
        }

        if (message.Class == StunClass.Request)
        {
            if (_keys.Authenticates(message))
            {
                _responses.Enqueue((message.TransactionId, local, from, message.TryGetIceControlling(out _)));
            }

            return;
        }

        var pair = FindTransaction(message.TransactionId);
        if (pair is null || !message.CheckMessageIntegrity(_keys.RemoteKey!))
        {
            return;
        }

        pair.Finish();

        // §7.2.5.2.1: a response must come back between the same two endpoints the request went between.
        bool success = message.Class == StunClass.SuccessResponse && pair.Remote.Equals(from) && pair.Local.Equals(local);
        switch (pair.Kind)
        {
            case IceCheckKind.Consent:
                if (success)
                {
                    _lastConsent = now;
                }

                break;
            case IceCheckKind.Nomination when success:
                Select(pair, now);
                break;
            case IceCheckKind.Ordinary when success:
                pair.State = IcePairState.Succeeded;
                _nominating ??= pair;
                break;
            default:
                Fail(pair);
                break;
        }
    }

    /// <summary>Fails checks whose last retransmission went unanswered and closes on lost consent.</summary>
    public void HandleTimeout(DateTimeOffset now)
    {
        if (State == IceConnectionState.Closed)
        {
            return;
        }

        foreach (var pair in _pairs)
        {
            if (pair.InTransaction && pair.Transmissions >= _options.MaxTransmissions && now >= pair.NextTransmit)
            {
                pair.Finish();
                Fail(pair);
            }
        }

        bool consentLost = State == IceConnectionState.Connected && now >= _lastConsent + _options.ConsentTimeout;
        bool allFailed = State == IceConnectionState.New && _pairs.Count > 0
            && _pairs.TrueForAll(p => p.State == IcePairState.Failed);
        if (consentLost || allFailed)
        {
            State = IceConnectionState.Closed;
            _events.Enqueue(new IceEvent(IceEventKind.Closed, SelectedPair?.Remote));
        }
    }

    /// <summary>
    /// Writes the next datagram that is due at <paramref name="now"/> into <paramref name="buffer"/> (about 100 bytes
    /// are enough): answers to the peer's checks first, then retransmissions, consent, nomination and new checks.
    /// </summary>
    public bool TryPollTransmit(DateTimeOffset now, Span<byte> buffer, out IceTransmit transmit)
    {
        transmit = default;
        if (State == IceConnectionState.Closed)
        {
            return false;
        }

        if (_responses.TryDequeue(out var answer))
        {
            bool written = IceBinding.TryWriteResponse(answer.Id, answer.Remote, answer.RoleConflict, _keys.LocalKey,
                buffer, out int length);
            transmit = new IceTransmit(answer.Local, answer.Remote, length);
            return written;
        }

        var pair = NextCheck(now);
        if (pair is null)
        {
            return false;
        }

        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, pair.TransactionId);
        writer.AddUsername(_keys.OutgoingUsername);

        // §7.1.1: the priority a peer-reflexive candidate learnt from this check would get.
        writer.AddPriority(IceCandidate.ComputePriority(IceCandidateType.PeerReflexive, (int)((pair.LocalPriority >> 8) & 0xFFFF), 1));
        writer.AddIceControlling(_tieBreaker);
        if (pair.Kind == IceCheckKind.Nomination)
        {
            writer.AddUseCandidate();
        }

        writer.AddMessageIntegrity(_keys.RemoteKey!);
        writer.AddFingerprint();
        pair.Transmitted(now, _options.MaxRto);
        bool complete = writer.TryComplete(out int requestLength);
        transmit = new IceTransmit(pair.Local, pair.Remote, requestLength);
        return complete;
    }

    /// <summary>When <see cref="HandleTimeout"/> and <see cref="TryPollTransmit"/> have work next; null when idle.</summary>
    public DateTimeOffset? PollTimeout()
    {
        if (State == IceConnectionState.Closed)
        {
            return null;
        }

        DateTimeOffset? next = null;
        foreach (var pair in _pairs)
        {
            if (pair.InTransaction && pair.NextTransmit != DateTimeOffset.MaxValue)
            {
                next = Earliest(next, pair.NextTransmit);
            }
            else if (pair.State == IcePairState.Waiting)
            {
                next = Earliest(next, _nextPacing);
            }
        }

        if (_nominating is { InTransaction: false } && _selected is null)
        {
            next = Earliest(next, _nextPacing);
        }

        if (_selected is not null)
        {
            next = Earliest(next, _nextConsent);
            next = Earliest(next, _lastConsent + _options.ConsentTimeout);
        }

        return next;
    }

    public bool TryPollEvent(out IceEvent iceEvent) => _events.TryDequeue(out iceEvent);

    public void Dispose() => _keys.Dispose();

    private IceCandidatePair? NextCheck(DateTimeOffset now)
    {
        foreach (var pair in _pairs)
        {
            if (pair.InTransaction && pair.Transmissions < _options.MaxTransmissions && now >= pair.NextTransmit)
            {
                return pair;
            }
        }

        if (_selected is not null && now >= _nextConsent)
        {
            double jitter = 0.8 + (0.4 * NextUInt64() / ulong.MaxValue);
            _nextConsent = now + (_options.ConsentInterval * jitter);
            return Begin(_selected, IceCheckKind.Consent);
        }

        if (now < _nextPacing)
        {
            return null;
        }

        var next = _nominating is { InTransaction: false } && _selected is null
            ? Begin(_nominating, IceCheckKind.Nomination)
            : FirstWaiting() is { } waiting
                ? Begin(waiting, IceCheckKind.Ordinary)
                : null;
        if (next is not null)
        {
            _nextPacing = now + _options.Pacing;
        }

        return next;
    }

    private IceCandidatePair Begin(IceCandidatePair pair, IceCheckKind kind)
    {
        int checking = 0;
        foreach (var candidate in _pairs)
        {
            checking += candidate.State is IcePairState.Waiting or IcePairState.InProgress ? 1 : 0;
        }

        var rto = _options.Pacing * checking > _options.InitialRto ? _options.Pacing * checking : _options.InitialRto;
        pair.Start(StunTransactionId.Create(_random), kind, rto);
        return pair;
    }

    private IceCandidatePair? FirstWaiting()
    {
        foreach (var pair in _pairs)
        {
            if (pair.State == IcePairState.Waiting)
            {
                return pair;
            }
        }

        return null;
    }

    private IceCandidatePair? FindTransaction(StunTransactionId id)
    {
        foreach (var pair in _pairs)
        {
            if (pair.InTransaction && pair.TransactionId == id)
            {
                return pair;
            }
        }

        return null;
    }

    private void AddPair(IPEndPoint local, uint localPriority, IPEndPoint remote, uint remotePriority)
    {
        if (local.AddressFamily != remote.AddressFamily || _selected is not null)
        {
            return;
        }

        var pair = new IceCandidatePair(local, localPriority, remote, remotePriority);
        int index = _pairs.FindIndex(p => p.Priority < pair.Priority);
        _pairs.Insert(index < 0 ? _pairs.Count : index, pair);
    }

    private void Fail(IceCandidatePair pair)
    {
        pair.State = IcePairState.Failed;
        if (pair == _nominating)
        {
            _nominating = _pairs.Find(p => p.State == IcePairState.Succeeded);
        }
    }

    /// <summary>§8.1.2: with the pair nominated, the other checks of the component stop.</summary>
    private void Select(IceCandidatePair pair, DateTimeOffset now)
    {
        _selected = pair;
        SelectedPair = (pair.Local, pair.Remote);
        State = IceConnectionState.Connected;
        _lastConsent = now;
        _nextConsent = now + _options.ConsentInterval;
        foreach (var other in _pairs)
        {
            if (other != pair && other.State is IcePairState.Waiting or IcePairState.InProgress)
            {
                other.Finish();
                other.State = IcePairState.Failed;
            }
        }

        _events.Enqueue(new IceEvent(IceEventKind.Connected, pair.Remote));
    }

    private static DateTimeOffset Earliest(DateTimeOffset? current, DateTimeOffset candidate) =>
        current is { } value && value <= candidate ? value : candidate;

    private ulong NextUInt64()
    {
        Span<byte> bytes = stackalloc byte[8];
        _random.GetBytes(bytes);
        return BitConverter.ToUInt64(bytes);
    }
}
