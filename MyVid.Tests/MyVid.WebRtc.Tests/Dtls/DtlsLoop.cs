using System.Diagnostics;
using MyVid.WebRtc.Dtls;

namespace MyVid.WebRtc.Tests.Dtls;

/// <summary>A client and a server connection and what each reported first.</summary>
internal sealed class DtlsPair(DtlsConnection client, DtlsConnection server)
{
    public DtlsConnection Client { get; } = client;

    public DtlsConnection Server { get; } = server;

    public DtlsEvent? ClientEvent { get; set; }

    public DtlsEvent? ServerEvent { get; set; }

    public bool Done => ClientEvent is not null && ServerEvent is not null;
}

/// <summary>
/// Moves datagrams between connection pairs in memory, as a UDP driver would: wakes on the connections' signal, polls
/// outputs, events and timeouts, on the real clock.
/// </summary>
internal sealed class DtlsLoop
{
    private readonly object _sync = new();
    private bool _signalled;

    /// <summary>Drops a datagram when it returns true: (sent by the client, datagram).</summary>
    public Func<bool, byte[], bool> Drop { get; set; } = static (_, _) => false;

    public void Wake()
    {
        lock (_sync)
        {
            _signalled = true;
            Monitor.PulseAll(_sync);
        }
    }

    /// <summary>Pumps until every pair has reported an event from both sides, or <paramref name="limit"/> passes.</summary>
    public TimeSpan Run(IReadOnlyList<DtlsPair> pairs, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            bool allDone = true;
            foreach (DtlsPair pair in pairs)
            {
                Pump(pair);
                allDone &= pair.Done;
            }
            if (allDone)
                break;
            lock (_sync)
            {
                if (!_signalled)
                    Monitor.Wait(_sync, 20);
                _signalled = false;
            }
        }
        return clock.Elapsed;
    }

    /// <summary>Moves what is pending once, without waiting.</summary>
    public void Pump(DtlsPair pair)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        Move(pair.Client, pair.Server, fromClient: true, now);
        Move(pair.Server, pair.Client, fromClient: false, now);
        pair.Client.HandleTimeout(now);
        pair.Server.HandleTimeout(now);
        pair.ClientEvent ??= pair.Client.PollEvent();
        pair.ServerEvent ??= pair.Server.PollEvent();
    }

    private void Move(DtlsConnection from, DtlsConnection to, bool fromClient, DateTimeOffset now)
    {
        while (from.PollTransmit() is { } datagram)
        {
            Assert.That(DtlsRecord.IsDtls(datagram), Is.True, "every datagram sent is a DTLS record");
            if (!Drop(fromClient, datagram))
                to.HandleDatagram(datagram, now);
        }
    }
}
