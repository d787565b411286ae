using System.Net;
using MyVid.WebRtc.Stun;

namespace MyVid.WebRtc.Ice;

internal enum IcePairState
{
    Waiting,
    InProgress,
    Succeeded,
    Failed,
}

internal enum IceCheckKind
{
    Ordinary,
    Nomination,
    Consent,
}

/// <summary>
/// A local/remote host candidate pair of the check list (RFC 8445 §6.1.2) with its one outstanding Binding
/// transaction, if any.
/// </summary>
internal sealed class IceCandidatePair
{
    private TimeSpan _rto;

    public IceCandidatePair(IPEndPoint local, uint localPriority, IPEndPoint remote, uint remotePriority)
    {
        Local = local;
        LocalPriority = localPriority;
        Remote = remote;

        // §6.1.2.3 with G = ours (controlling) and D = theirs.
        ulong g = localPriority, d = remotePriority;
        Priority = (Math.Min(g, d) << 32) + (2 * Math.Max(g, d)) + (g > d ? 1ul : 0ul);
    }

    public IPEndPoint Local { get; }

    public uint LocalPriority { get; }

    public IPEndPoint Remote { get; }

    public ulong Priority { get; }

    public IcePairState State { get; set; }

    public bool InTransaction { get; private set; }

    public StunTransactionId TransactionId { get; private set; }

    public IceCheckKind Kind { get; private set; }

    public int Transmissions { get; private set; }

    /// <summary>When to retransmit, or, after the last transmission, when the transaction fails.</summary>
    public DateTimeOffset NextTransmit { get; private set; }

    public void Start(StunTransactionId id, IceCheckKind kind, TimeSpan rto)
    {
        InTransaction = true;
        TransactionId = id;
        Kind = kind;
        Transmissions = 0;
        _rto = rto;
        if (kind == IceCheckKind.Ordinary)
        {
            State = IcePairState.InProgress;
        }
    }

    /// <summary>Counts one transmission and arms the next timer: doubled RTO, capped; consent checks are not repeated.</summary>
    public void Transmitted(DateTimeOffset now, TimeSpan maxRto)
    {
        Transmissions++;
        if (Kind == IceCheckKind.Consent)
        {
            NextTransmit = DateTimeOffset.MaxValue;
            return;
        }

        NextTransmit = now + _rto;
        _rto = _rto * 2 < maxRto ? _rto * 2 : maxRto;
    }

    public void Finish() => InTransaction = false;
}
