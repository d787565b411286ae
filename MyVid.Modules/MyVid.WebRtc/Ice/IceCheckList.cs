using System.Net;
using System.Security.Cryptography;
using MyVid.WebRtc.Stun;

namespace MyVid.WebRtc.Ice;

/// <summary>
/// The check list of the controlling agent (RFC 8445 §6.1.2, §6.1.4): pairs by descending priority, which check
/// is due next (retransmission, nomination, or a new check paced by Ta), and which pair is being nominated.
/// </summary>
internal sealed class IceCheckList
{
    private readonly List<IceCandidatePair> _pairs = [];
    private readonly IceControllingOptions _options;
    private readonly RandomNumberGenerator _random;
    private DateTimeOffset _nextPacing = DateTimeOffset.MinValue;

    /// <summary>The pair checked again with USE-CANDIDATE: the first that succeeded and has not failed since.</summary>
    private IceCandidatePair? _nominating;

    public IceCheckList(IceControllingOptions options, RandomNumberGenerator random)
    {
        _options = options;
        _random = random;
    }

    public IceCandidatePair? Selected { get; private set; }

    public bool AllFailed => _pairs.Count > 0 && _pairs.TrueForAll(p => p.State == IcePairState.Failed);

    public void Add(IPEndPoint local, uint localPriority, IPEndPoint remote, uint remotePriority)
    {
        if (local.AddressFamily != remote.AddressFamily || Selected is not null)
        {
            return;
        }

        var pair = new IceCandidatePair(local, localPriority, remote, remotePriority);
        int index = _pairs.FindIndex(p => p.Priority < pair.Priority);
        _pairs.Insert(index < 0 ? _pairs.Count : index, pair);
    }

    public IceCandidatePair? FindTransaction(StunTransactionId id) =>
        _pairs.Find(p => p.InTransaction && p.TransactionId == id);

    public void Succeeded(IceCandidatePair pair)
    {
        pair.State = IcePairState.Succeeded;
        _nominating ??= pair;
    }

    public void Fail(IceCandidatePair pair)
    {
        pair.State = IcePairState.Failed;
        if (pair == _nominating)
        {
            _nominating = _pairs.Find(p => p.State == IcePairState.Succeeded);
        }
    }

    /// <summary>§8.1.2: once a pair is nominated, the other checks of the component stop.</summary>
    public void Select(IceCandidatePair pair)
    {
        Selected = pair;
        foreach (var other in _pairs)
        {
            if (other != pair && other.State is IcePairState.Waiting or IcePairState.InProgress)
            {
                other.Finish();
                other.State = IcePairState.Failed;
            }
        }
    }

    /// <summary>Fails the checks whose last transmission has gone unanswered for its whole timeout.</summary>
    public void ExpireTransactions(DateTimeOffset now)
    {
        foreach (var pair in _pairs)
        {
            if (pair.InTransaction && pair.Transmissions >= _options.MaxTransmissions && now >= pair.NextTransmit)
            {
                pair.Finish();
                Fail(pair);
            }
        }
    }

    /// <summary>A retransmission that is due, else the nomination or a new check if Ta allows one now.</summary>
    public IceCandidatePair? NextCheck(DateTimeOffset now)
    {
        foreach (var pair in _pairs)
        {
            if (pair.InTransaction && pair.Transmissions < _options.MaxTransmissions && now >= pair.NextTransmit)
            {
                return pair;
            }
        }

        if (now < _nextPacing)
        {
            return null;
        }

        var next = NominationDue ? Begin(_nominating!, IceCheckKind.Nomination)
            : _pairs.Find(p => p.State == IcePairState.Waiting) is { } waiting ? Begin(waiting, IceCheckKind.Ordinary)
            : null;
        if (next is not null)
        {
            _nextPacing = now + _options.Pacing;
        }

        return next;
    }

    public IceCandidatePair BeginConsent() => Begin(Selected!, IceCheckKind.Consent);

    /// <summary>When <see cref="NextCheck"/> or <see cref="ExpireTransactions"/> next has work, or null.</summary>
    public DateTimeOffset? NextTimeout()
    {
        DateTimeOffset? next = NominationDue ? _nextPacing : null;
        foreach (var pair in _pairs)
        {
            var due = pair.InTransaction ? pair.NextTransmit
                : pair.State == IcePairState.Waiting ? _nextPacing
                : DateTimeOffset.MaxValue;
            next = due < (next ?? DateTimeOffset.MaxValue) ? due : next;
        }

        return next;
    }

    private bool NominationDue => Selected is null && _nominating is { InTransaction: false };

    /// <summary>RTO = max(initial RTO, Ta × pairs still being checked) (RFC 8445 §14.3).</summary>
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
}
