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
    private readonly IceCheckList _checks;
    private readonly ulong _tieBreaker;
    private readonly List<(IPEndPoint EndPoint, uint Priority)> _locals = [];
    private readonly List<(IPEndPoint EndPoint, uint Priority)> _remotes = [];
    private readonly Queue<(StunTransactionId Id, IPEndPoint Local, IPEndPoint Remote, bool RoleConflict)> _answers = new();
    private readonly Queue<IceEvent> _events = new();
    private DateTimeOffset _nextConsent;
    private DateTimeOffset _lastConsent;

    public IceControllingAgent(IceCredentials local, IceCredentials remote, RandomNumberGenerator random,
        IceControllingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(random);
        _keys = new IceKeys(local, remote);
        _random = random;
        _options = options ?? new IceControllingOptions();
        _checks = new IceCheckList(_options, random);
        _tieBreaker = NextUInt64();
    }

    public IceConnectionState State { get; private set; }

    public (IPEndPoint Local, IPEndPoint Remote)? SelectedPair =>
        _checks.Selected is { } pair ? (pair.Local, pair.Remote) : null;

    /// <summary>A host candidate of ours; earlier ones get the higher local preference.</summary>
    public void AddLocalCandidate(IPEndPoint local)
    {
        ArgumentNullException.ThrowIfNull(local);
        uint priority = IceCandidate.ComputePriority(IceCandidateType.Host, 65535 - _locals.Count, 1);
        _locals.Add((local, priority));
        foreach (var remote in _remotes)
        {
            _checks.Add(local, priority, remote.EndPoint, remote.Priority);
        }
    }

    /// <summary>A trickled remote candidate; false (ignored) unless it is a UDP, component 1, IP-literal candidate.</summary>
    public bool AddRemoteCandidate(IceCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (candidate.Component != 1 || !candidate.Transport.Equals("udp", StringComparison.OrdinalIgnoreCase)
            || !candidate.TryGetEndPoint(out var remote) || remote is null)
        {
            return false;
        }

        _remotes.Add((remote, candidate.Priority));
        foreach (var local in _locals)
        {
            _checks.Add(local.EndPoint, local.Priority, remote, candidate.Priority);
        }

        return true;
    }

    /// <summary>A datagram that arrived on <paramref name="local"/> from <paramref name="from"/>.</summary>
    public void HandleDatagram(ReadOnlySpan<byte> datagram, IPEndPoint local, IPEndPoint from, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(from);
        if (State == IceConnectionState.Closed || !IceBinding.TryRead(datagram, out var message)
            || message.Class == StunClass.Indication)
        {
            return;
        }

        if (message.Class == StunClass.Request)
        {
            if (_keys.Authenticates(message))
            {
                _answers.Enqueue((message.TransactionId, local, from, message.TryGetIceControlling(out _)));
            }

            return;
        }

        var pair = _checks.FindTransaction(message.TransactionId);
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
                _lastConsent = success ? now : _lastConsent;
                break;
            case IceCheckKind.Nomination when success:
                _checks.Select(pair);
                State = IceConnectionState.Connected;
                _lastConsent = now;
                _nextConsent = now + _options.ConsentInterval;
                _events.Enqueue(new IceEvent(IceEventKind.Connected, pair.Remote));
                break;
            case IceCheckKind.Ordinary when success:
                _checks.Succeeded(pair);
                break;
            default:
                _checks.Fail(pair);
                break;
        }
    }

    /// <summary>Fails checks whose last retransmission went unanswered, and closes on lost consent or total failure.</summary>
    public void HandleTimeout(DateTimeOffset now)
    {
        if (State == IceConnectionState.Closed)
        {
            return;
        }

        _checks.ExpireTransactions(now);
        bool consentLost = State == IceConnectionState.Connected && now >= _lastConsent + _options.ConsentTimeout;
        if (consentLost || (State == IceConnectionState.New && _checks.AllFailed))
        {
            State = IceConnectionState.Closed;
            _events.Enqueue(new IceEvent(IceEventKind.Closed, SelectedPair?.Remote));
        }
    }

    /// <summary>
    /// Writes the next datagram due at <paramref name="now"/> into <paramref name="buffer"/> (about 100 bytes are
    /// enough): answers to the peer's checks first, then consent, retransmissions, nomination and new checks.
    /// </summary>
    public bool TryPollTransmit(DateTimeOffset now, Span<byte> buffer, out IceTransmit transmit)
    {
        transmit = default;
        if (State == IceConnectionState.Closed)
        {
            return false;
        }

        if (_answers.TryDequeue(out var answer))
        {
            bool answered = IceBinding.TryWriteResponse(answer.Id, answer.Remote, answer.RoleConflict, _keys.LocalKey,
                buffer, out int answerLength);
            transmit = new IceTransmit(answer.Local, answer.Remote, answerLength);
            return answered;
        }

        var pair = NextConsentCheck(now) ?? _checks.NextCheck(now);
        if (pair is null)
        {
            return false;
        }

        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, pair.TransactionId);
        writer.AddUsername(_keys.OutgoingUsername);

        // §7.1.1: the priority a peer-reflexive candidate learnt from this check would get.
        int localPreference = (int)((pair.LocalPriority >> 8) & 0xFFFF);
        writer.AddPriority(IceCandidate.ComputePriority(IceCandidateType.PeerReflexive, localPreference, 1));
        writer.AddIceControlling(_tieBreaker);
        if (pair.Kind == IceCheckKind.Nomination)
        {
            writer.AddUseCandidate();
        }

        writer.AddMessageIntegrity(_keys.RemoteKey!);
        writer.AddFingerprint();
        pair.Transmitted(now, _options.MaxRto);
        bool complete = writer.TryComplete(out int length);
        transmit = new IceTransmit(pair.Local, pair.Remote, length);
        return complete;
    }

    /// <summary>When <see cref="HandleTimeout"/> and <see cref="TryPollTransmit"/> next have work; null when idle.</summary>
    public DateTimeOffset? PollTimeout()
    {
        if (State == IceConnectionState.Closed)
        {
            return null;
        }

        var next = _checks.NextTimeout();
        if (State == IceConnectionState.Connected)
        {
            var consent = _nextConsent < _lastConsent + _options.ConsentTimeout ? _nextConsent : _lastConsent + _options.ConsentTimeout;
            next = next is { } checks && checks < consent ? checks : consent;
        }

        return next;
    }

    public bool TryPollEvent(out IceEvent iceEvent) => _events.TryDequeue(out iceEvent);

    public void Dispose() => _keys.Dispose();

    /// <summary>RFC 7675 §5.1: consent checks at a random 0.8–1.2 of the interval, so that they do not synchronise.</summary>
    private IceCandidatePair? NextConsentCheck(DateTimeOffset now)
    {
        if (State != IceConnectionState.Connected || now < _nextConsent)
        {
            return null;
        }

        double jitter = 0.8 + (0.4 * NextUInt64() / ulong.MaxValue);
        _nextConsent = now + (_options.ConsentInterval * jitter);
        return _checks.BeginConsent();
    }

    private ulong NextUInt64()
    {
        Span<byte> bytes = stackalloc byte[8];
        _random.GetBytes(bytes);
        return BitConverter.ToUInt64(bytes);
    }
}
