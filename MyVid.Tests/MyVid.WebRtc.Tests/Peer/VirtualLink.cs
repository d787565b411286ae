using System.Diagnostics;
using System.Net;
using MyVid.WebRtc.Peer;

namespace MyVid.WebRtc.Tests.Peer;

/// <summary>One end of a <see cref="VirtualLink"/>: a connection, its address and what it reported.</summary>
internal sealed class LinkEnd(string name, IPEndPoint address)
{
    public string Name { get; } = name;

    public IPEndPoint Address { get; } = address;

    public PeerConnection Connection { get; set; } = null!;

    public List<PeerEvent> Events { get; } = [];

    public List<byte[]> Rtp { get; } = [];

    public List<byte[]> Rtcp { get; } = [];

    public bool Has(PeerEventKind kind) => Events.Exists(e => e.Kind == kind);

    public override string ToString() => Name;
}

/// <summary>A datagram on the wire: sent by <see cref="From"/>, its first byte tells what it is.</summary>
internal sealed record Datagram(LinkEnd From, LinkEnd To, byte[] Bytes);

/// <summary>
/// Two connections over a simulated UDP path on a virtual clock: each datagram takes a latency, media plus a random
/// jitter (so packets overtake each other), and may be dropped. The clock jumps to the next delivery or timer, except while
/// a DTLS handshake runs on its real thread: then it follows real time, as BouncyCastle's retransmission timers do.
/// </summary>
internal sealed class VirtualLink
{
    private readonly PriorityQueue<Datagram, (DateTimeOffset At, long Order)> _inFlight = new();
    private readonly object _sync = new();
    private readonly Random _random;
    private long _order;
    private bool _woken;

    public VirtualLink(int seed, DateTimeOffset start)
    {
        _random = new Random(seed);
        Now = start;
        Client = new LinkEnd("client", new IPEndPoint(IPAddress.Parse("10.0.0.2"), 40000));
        Server = new LinkEnd("server", new IPEndPoint(IPAddress.Parse("10.0.0.1"), 5000));
    }

    public DateTimeOffset Now { get; private set; }

    public LinkEnd Client { get; }

    public LinkEnd Server { get; }

    public TimeSpan Latency { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>The most an RTP or RTCP datagram is delayed beyond <see cref="Latency"/>, at random.</summary>
    public TimeSpan Jitter { get; set; } = TimeSpan.FromMilliseconds(30);

    /// <summary>The chance a datagram the <see cref="Drop"/> rule keeps is lost anyway; DTLS is exempt.</summary>
    public double LossRate { get; set; }

    /// <summary>Drops a datagram when it returns true, before <see cref="LossRate"/> applies.</summary>
    public Func<Datagram, bool> Drop { get; set; } = static _ => false;

    /// <summary>What was dropped, by rule or loss.</summary>
    public List<Datagram> Dropped { get; } = [];

    /// <summary>What a connection received as RTP, after it was recorded: e.g. to echo it.</summary>
    public Action<LinkEnd, Span<byte>, int>? OnRtp { get; set; }

    public void Wake()
    {
        lock (_sync)
        {
            _woken = true;
            Monitor.PulseAll(_sync);
        }
    }

    /// <summary>Puts a datagram on the wire from <paramref name="from"/>.</summary>
    public void Send(LinkEnd from, ReadOnlySpan<byte> bytes)
    {
        var to = from == Client ? Server : Client;
        var datagram = new Datagram(from, to, bytes.ToArray());
        bool isDtls = bytes[0] is >= 20 and <= 63;
        if (Drop(datagram) || (!isDtls && _random.NextDouble() < LossRate))
        {
            Dropped.Add(datagram);
            return;
        }

        // Only media is reordered: BouncyCastle drops a flight's next-epoch records (ChangeCipherSpec, Finished) that
        // overtake the rest, and a reordered flight costs a retransmission (1 s, doubling) each time it happens.
        bool isMedia = bytes[0] is >= 128 and <= 191;
        var delay = Latency + (isMedia ? Jitter * _random.NextDouble() : TimeSpan.Zero);
        _inFlight.Enqueue(datagram, (Now + delay, _order++));
    }

    /// <summary>Runs until <paramref name="done"/> holds or the limits pass; false when a limit ended it.</summary>
    public bool Run(Func<bool> done, TimeSpan virtualLimit, TimeSpan realLimit)
    {
        var end = Now + virtualLimit;
        var real = Stopwatch.StartNew();
        while (Now < end && real.Elapsed < realLimit)
        {
            Step();
            if (done())
            {
                return true;
            }

            Advance(end);
        }

        return false;
    }

    /// <summary>Advances the clock by <paramref name="duration"/>, moving everything due on the way.</summary>
    public void Idle(TimeSpan duration) => Run(static () => false, duration, TimeSpan.FromSeconds(30));

    /// <summary>Delivers what is due, runs due timers and drains both connections.</summary>
    public void Step()
    {
        Flush(Client);
        Flush(Server);
        while (_inFlight.TryPeek(out _, out var at) && at.At <= Now)
        {
            Deliver(_inFlight.Dequeue());
        }

        foreach (var end in new[] { Client, Server })
        {
            if (end.Connection.PollTimeout() is { } due && due <= Now)
            {
                end.Connection.HandleTimeout(Now);
            }

            Flush(end);
        }
    }

    private void Deliver(Datagram datagram)
    {
        var buffer = new byte[2048];
        datagram.Bytes.CopyTo(buffer, 0);
        var to = datagram.To;
        var received = to.Connection.HandleDatagram(buffer.AsSpan(0, datagram.Bytes.Length), datagram.From.Address, Now);
        switch (received.Kind)
        {
            case PeerPacketKind.Rtp:
                to.Rtp.Add(received.Packet.ToArray());
                OnRtp?.Invoke(to, buffer, received.Packet.Length);
                break;
            case PeerPacketKind.Rtcp:
                to.Rtcp.Add(received.Packet.ToArray());
                break;
        }

        Flush(to);
    }

    private void Flush(LinkEnd end)
    {
        while (end.Connection.TryPollTransmit(out var transmit))
        {
            Assert.That(transmit.Destination, Is.EqualTo((end == Client ? Server : Client).Address), $"{end} sends to its peer");
            Send(end, transmit.Datagram);
        }

        while (end.Connection.TryPollEvent(out var peerEvent))
        {
            end.Events.Add(peerEvent);
        }
    }

    private void Advance(DateTimeOffset end)
    {
        bool handshaking = Handshaking(Client) || Handshaking(Server);
        if (handshaking)
        {
            // A handshake thread works in real time: wait for it briefly, and let the clock follow.
            var waited = Stopwatch.StartNew();
            lock (_sync)
            {
                if (!_woken)
                {
                    Monitor.Wait(_sync, 5);
                }

                _woken = false;
            }

            Now += waited.Elapsed;
            return;
        }

        var next = end;
        if (_inFlight.TryPeek(out _, out var at) && at.At < next)
        {
            next = at.At;
        }

        foreach (var due in new[] { Client.Connection.PollTimeout(), Server.Connection.PollTimeout() })
        {
            if (due is { } d && d < next)
            {
                next = d;
            }
        }

        Now = next > Now ? next : Now + TimeSpan.FromMilliseconds(1);
    }

    private static bool Handshaking(LinkEnd end) =>
        end.Connection.State == PeerState.Connecting && end.Has(PeerEventKind.IceConnected);
}
