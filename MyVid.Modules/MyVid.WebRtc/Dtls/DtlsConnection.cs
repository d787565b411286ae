using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace MyVid.WebRtc.Dtls;

/// <summary>
/// One DTLS-SRTP association (RFC 6347, RFC 5764), sans-IO from the caller's side: feed it the DTLS datagrams that
/// arrive (RFC 7983 demultiplexing is the caller's) and the time; poll it for datagrams to send, events and its
/// deadline.
/// </summary>
/// <remarks>
/// BouncyCastle's DTLS is blocking, so the handshake runs on a <see cref="DtlsHandshakeScheduler"/> thread over a
/// queue-backed transport. That thread, BouncyCastle's retransmission timers (1 s, doubling) and its handshake timeout
/// are the only parts that read a clock, and they stay inside this class and its transport; the deadline the caller
/// sees (<see cref="PollTimeout"/>, <see cref="HandleTimeout"/>) runs on the caller's clock.
/// After the handshake no thread is held: a DTLS datagram arriving later (an alert, close_notify, or a retransmitted
/// final flight when our last one was lost) is processed by a short job on the scheduler. Application data (SCTP for
/// data channels) is not supported and is discarded.
/// Call the members from one thread, the driver's. <c>wake</c> is called from worker threads when a datagram or an
/// event is ready: it should only nudge the driver to poll.
/// </remarks>
public sealed class DtlsConnection
{
    private readonly Lock _bcSync = new(); // serialises BouncyCastle calls after the handshake
    private readonly object _sync = new(); // everything else, the transport's queues included
    private readonly DtlsCertificate _certificate;
    private readonly DtlsFingerprint _remoteFingerprint;
    private readonly DtlsOptions _options;
    private readonly DtlsHandshakeScheduler _scheduler;
    private readonly Action? _wake;
    private readonly QueuedDatagramTransport _transport;
    private readonly Queue<DtlsEvent> _events = new();
    private DtlsState _state;
    private DateTimeOffset _deadline;
    private bool _jobScheduled; // the handshake, or a post-handshake read, is queued or running
    private DtlsTransport? _dtls;
    private IDtlsSrtpPeer? _peer;

    /// <param name="role">Our side of the handshake, from SDP <c>a=setup</c>.</param>
    /// <param name="certificate">Our certificate, shared by all connections.</param>
    /// <param name="remoteFingerprint">The peer's <c>a=fingerprint</c>; its certificate must match.</param>
    /// <param name="options">Timeout and SRTP profile preference; <see cref="DtlsOptions.Default"/> if null.</param>
    /// <param name="scheduler">Bounds handshakes in flight; <see cref="DtlsHandshakeScheduler.Shared"/> if null.</param>
    /// <param name="wake">Called from worker threads when output or an event is ready.</param>
    public DtlsConnection(DtlsRole role, DtlsCertificate certificate, DtlsFingerprint remoteFingerprint,
        DtlsOptions? options = null, DtlsHandshakeScheduler? scheduler = null, Action? wake = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(remoteFingerprint);
        options ??= DtlsOptions.Default;
        ArgumentOutOfRangeException.ThrowIfZero(options.SrtpProfiles.Count, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDatagramSize, 256, nameof(options));
        Role = role;
        _certificate = certificate;
        _remoteFingerprint = remoteFingerprint;
        _options = options;
        _scheduler = scheduler ?? DtlsHandshakeScheduler.Shared;
        _wake = wake;
        _transport = new QueuedDatagramTransport(_sync, _options.MaxDatagramSize, wake);
    }

    /// <summary>Our side of the handshake.</summary>
    public DtlsRole Role { get; }

    /// <summary>Where the connection stands.</summary>
    public DtlsState State
    {
        get
        {
            lock (_sync)
                return _state;
        }
    }

    /// <summary>
    /// Starts the handshake clock. A client sends its ClientHello; a server takes a thread only once the first
    /// datagram arrives. <see cref="HandleDatagram"/> starts a connection not started yet.
    /// </summary>
    public void Start(DateTimeOffset now)
    {
        lock (_sync)
        {
            if (_state != DtlsState.New)
                return;
            _state = DtlsState.Handshaking;
            _deadline = now + _options.HandshakeTimeout;
            if (Role == DtlsRole.Server)
                return;
            _jobScheduled = true;
        }
        _scheduler.Schedule(Handshake);
    }

    /// <summary>Takes a received DTLS datagram (first byte 20..63).</summary>
    public void HandleDatagram(ReadOnlySpan<byte> datagram, DateTimeOffset now)
    {
        Start(now);
        Action? job;
        lock (_sync)
        {
            if (_state is not (DtlsState.Handshaking or DtlsState.Connected))
                return;
            _transport.Enqueue(datagram);
            if (_jobScheduled)
                return;
            _jobScheduled = true;
            job = _state == DtlsState.Handshaking ? Handshake : ReadAfterHandshake;
        }
        _scheduler.Schedule(job);
    }

    /// <summary>The next datagram to send to the peer, or null.</summary>
    public byte[]? PollTransmit() => _transport.DequeueOutput();

    /// <summary>The next event, or null.</summary>
    public DtlsEvent? PollEvent()
    {
        lock (_sync)
            return _events.TryDequeue(out DtlsEvent? e) ? e : null;
    }

    /// <summary>When <see cref="HandleTimeout"/> should next be called: the handshake deadline, or null.</summary>
    public DateTimeOffset? PollTimeout()
    {
        lock (_sync)
            return _state == DtlsState.Handshaking ? _deadline : null;
    }

    /// <summary>Fails the handshake once its deadline has passed.</summary>
    public void HandleTimeout(DateTimeOffset now)
    {
        lock (_sync)
        {
            if (_state != DtlsState.Handshaking || now < _deadline)
                return;
        }
        Finish(new DtlsFailed($"Handshake timed out after {_options.HandshakeTimeout.TotalSeconds} s."));
    }

    /// <summary>Sends close_notify if connected, abandons a handshake otherwise. Reports no event.</summary>
    public void Close()
    {
        DtlsTransport? dtls;
        lock (_sync)
        {
            if (_state is DtlsState.Closed or DtlsState.Failed)
                return;
            dtls = _dtls;
        }
        if (dtls is not null)
        {
            lock (_bcSync)
                dtls.Close();
        }
        Finish(null);
    }

    // Runs on a scheduler thread; catches everything, as an exception escaping it would end the process.
    private void Handshake()
    {
        IDtlsSrtpPeer peer;
        DtlsTransport dtls;
        try
        {
            lock (_sync)
            {
                // Timed out or closed while queued.
                if (_state != DtlsState.Handshaking)
                    return;
            }
            var crypto = new BcTlsCrypto(new SecureRandom());
            if (Role == DtlsRole.Server)
            {
                var server = new DtlsSrtpServer(crypto, _certificate, _remoteFingerprint, _options);
                peer = server;
                dtls = new DtlsServerProtocol().Accept(server, _transport);
            }
            else
            {
                var client = new DtlsSrtpClient(crypto, _certificate, _remoteFingerprint, _options);
                peer = client;
                dtls = new DtlsClientProtocol().Connect(client, _transport);
            }
        }
        catch (Exception e)
        {
            Finish(new DtlsFailed(DtlsSrtpHandshake.DescribeFailure(e)));
            return;
        }
        lock (_sync)
        {
            if (_state != DtlsState.Handshaking)
                return;
            _state = DtlsState.Connected;
            _dtls = dtls;
            _peer = peer;
            _events.Enqueue(new DtlsConnected(peer.Keys!, _remoteFingerprint));
        }
        _wake?.Invoke();
        // Datagrams that came in as the handshake ended, e.g. the peer retransmitting its last flight.
        ReadAfterHandshake();
    }

    // Runs on a scheduler thread, holding it only while datagrams are queued; catches everything, like Handshake.
    private void ReadAfterHandshake()
    {
        var buffer = new byte[QueuedDatagramTransport.ReceiveLimit];
        while (true)
        {
            lock (_sync)
            {
                if (_state != DtlsState.Connected || !_transport.HasInput)
                {
                    _jobScheduled = false;
                    return;
                }
            }
            try
            {
                // BouncyCastle returns only with application data or when the wait ends, so wait 1 ms: it processes
                // every queued record meanwhile (alerts, a retransmitted flight to answer). Application data is dropped.
                lock (_bcSync)
                    _dtls!.Receive(buffer, 0, buffer.Length, 1);
            }
            catch (Exception e)
            {
                // BouncyCastle closes our transport on close_notify, and its next read throws.
                Finish(_peer!.CloseNotifyReceived ? new DtlsClosed() : new DtlsFailed(DtlsSrtpHandshake.DescribeFailure(e)));
                return;
            }
            if (_peer!.CloseNotifyReceived)
            {
                Finish(new DtlsClosed());
                return;
            }
        }
    }

    /// <summary>Ends the connection once, reporting <paramref name="report"/> (null: a local close).</summary>
    private void Finish(DtlsEvent? report)
    {
        lock (_sync)
        {
            if (_state is DtlsState.Closed or DtlsState.Failed)
                return;
            _state = report is DtlsFailed ? DtlsState.Failed : DtlsState.Closed;
            if (report is not null)
                _events.Enqueue(report);
        }
        // Unblocks a handshake in progress: its next read throws.
        _transport.Close();
        if (report is not null)
            _wake?.Invoke();
    }
}
