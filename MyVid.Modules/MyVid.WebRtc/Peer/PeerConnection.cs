using System.Net;
using MyVid.WebRtc.Dtls;
using MyVid.WebRtc.Ice;
using MyVid.WebRtc.Sdp;
using MyVid.WebRtc.Srtp;

namespace MyVid.WebRtc.Peer;

/// <summary>
/// One WebRTC transport, sans-IO (in the manner of str0m): ICE, DTLS-SRTP and SRTP over one UDP 5-tuple with BUNDLE
/// and rtcp-mux. Feed it datagrams (<see cref="HandleDatagram"/>) and time (<see cref="HandleTimeout"/> at
/// <see cref="PollTimeout"/>); drain <see cref="TryPollTransmit"/> and <see cref="TryPollEvent"/> after each call.
/// A server is ICE-lite and controlled; a client (our load client, tests) is a controlling full agent with one
/// host candidate. The DTLS role follows the negotiated a=setup (RFC 8842 §5.3).
/// </summary>
/// <remarks>
/// Call from one thread, the driver's. The DTLS handshake runs on a <see cref="DtlsHandshakeScheduler"/> thread,
/// which calls <c>wake</c> when it has output: the driver should then drain the connection.
/// </remarks>
public sealed class PeerConnection : IDisposable
{
    private readonly PeerSettings _settings;
    private readonly IcePart _ice;
    private readonly Action? _wake;
    private readonly TransmitQueue _transmits = new();
    private readonly Queue<PeerEvent> _events = new();
    private SecureTransport? _secure;

    private PeerConnection(PeerSettings settings, IceCredentials localIce, IcePart ice, bool isServer, Action? wake)
    {
        _settings = settings;
        LocalIce = localIce;
        _ice = ice;
        _wake = wake;
        var fingerprint = settings.Certificate.Fingerprint.ToString();
        int space = fingerprint.IndexOf(' ', StringComparison.Ordinal);
        LocalTransport = new LocalTransport(localIce.Ufrag, localIce.Password,
            new SdpFingerprint(fingerprint[..space], fingerprint[(space + 1)..]))
        {
            IceLite = isServer,
            // A server waits for the browser's ClientHello, which follows its checks; a client starts DTLS itself.
            AnswerSetup = isServer ? DtlsSetup.Passive : DtlsSetup.Active,
        };
    }

    /// <summary>Our ICE credentials, fingerprint and setup for local SDP; add our candidates to it before offering or answering.</summary>
    public LocalTransport LocalTransport { get; }

    /// <summary>The negotiated session once an offer and an answer were applied, else null.</summary>
    public NegotiationResult? Negotiation { get; private set; }

    public PeerState State { get; private set; }

    /// <summary>The offer <see cref="PeerSdp.CreateOffer"/> made, which <see cref="PeerSdp.TryAcceptAnswer"/> completes.</summary>
    internal SessionDescription? LocalOffer { get; set; }

    /// <summary>Where media goes: the selected ICE remote endpoint.</summary>
    public IPEndPoint? Remote => _ice.Remote;

    /// <summary>The SRTP profile once DTLS is done.</summary>
    public SrtpProfile? SrtpProfile => _secure?.Send?.Profile;

    /// <summary>A server side: ICE-lite, controlled; fresh ICE credentials.</summary>
    public static PeerConnection CreateServer(PeerSettings settings, Action? wake = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var local = IceCredentials.Generate(settings.Random);
        return new PeerConnection(settings, local, new LiteIce(new IceLiteAgent(local, null, settings.ConsentTimeout)), true, wake);
    }

    /// <summary>A client side: full ICE, controlling, with <paramref name="localEndPoint"/> as its one host candidate.</summary>
    public static PeerConnection CreateClient(PeerSettings settings, IPEndPoint localEndPoint, Action? wake = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(localEndPoint);
        var local = IceCredentials.Generate(settings.Random);
        var ice = new ControllingIce(local, localEndPoint, settings.Random, settings.IceControlling);
        return new PeerConnection(settings, local, ice, false, wake);
    }

    /// <summary>
    /// Applies a finished exchange made elsewhere: remote ICE credentials and candidates, the remote fingerprint and
    /// our DTLS role. Once only: ICE restarts with <see cref="RestartIce"/>; the transport is not renegotiated.
    /// </summary>
    public bool TryApply(SessionDescription offer, SessionDescription answer, bool localIsOfferer, out string error)
    {
        if (Negotiation is not null || State == PeerState.Closed)
        {
            error = "the transport is already negotiated";
            return false;
        }

        if (!SdpNegotiation.TryNegotiate(offer, answer, localIsOfferer, out var negotiation, out error))
        {
            return false;
        }

        if (!RemoteTransport.TryRead(negotiation, out var remoteIce, out var remoteFingerprint, out error))
        {
            return false;
        }

        Negotiation = negotiation;
        _ice.SetRemote(remoteIce, negotiation.RemoteCandidates);
        _secure = new SecureTransport(new DtlsConnection(negotiation.LocalDtlsRole, _settings.Certificate, remoteFingerprint,
            _settings.Dtls, _settings.Scheduler, _wake));
        return true;
    }

    /// <summary>Our ICE credentials of the current generation (new after <see cref="RestartIce"/>).</summary>
    public IceCredentials LocalIce { get; private set; }

    /// <summary>
    /// Our ICE ufrag of the generation before <see cref="RestartIce"/> while the peer's checks under it are still
    /// answered (until it nominates under the new one, or a grace), else null: a demultiplexer drops it then.
    /// </summary>
    public string? PreviousIceUfrag => _ice.PreviousLocalUfrag;

    /// <summary>
    /// ICE restart (RFC 8445 §9) of a negotiated transport: takes the peer's new credentials and switches to new local
    /// ones (<paramref name="local"/>, a client's it already offered; fresh ones when null), which it returns. DTLS and
    /// SRTP stay; media stays on the selected pair until the peer nominates a pair under the new credentials.
    /// </summary>
    public IceCredentials RestartIce(IceCredentials remote, DateTimeOffset now, IceCredentials? local = null)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (Negotiation is null || State == PeerState.Closed)
        {
            throw new InvalidOperationException("ICE restarts a negotiated, open transport.");
        }

        LocalIce = local ?? IceCredentials.Generate(_settings.Random);
        _ice.Restart(LocalIce, remote, now);
        return LocalIce;
    }

    /// <summary>
    /// Takes one datagram that arrived from <paramref name="from"/>. SRTP and SRTCP are authenticated and decrypted in
    /// place and handed back as a slice of <paramref name="datagram"/>; everything else is consumed here.
    /// </summary>
    public PeerReceived HandleDatagram(Span<byte> datagram, IPEndPoint from, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(from);
        if (State == PeerState.Closed)
        {
            return default;
        }

        if (_secure?.Receive is null)
        {
            PullDtls(); // the handshake may have ended on its thread since the last call
        }

        var receive = _secure?.Receive;

        var received = default(PeerReceived);
        switch (DatagramDemux.Classify(datagram))
        {
            case DatagramKind.Stun:
                _ice.HandleStun(datagram, from, now, _transmits);
                break;
            case DatagramKind.Dtls when _secure is not null && _ice.AcceptsMediaFrom(from):
                _secure.HandleDatagram(datagram, from, now);
                break;
            case DatagramKind.Rtp when receive is not null && _ice.AcceptsMediaFrom(from):
                received = receive.TryUnprotectRtp(datagram, out int rtpLength)
                    ? new PeerReceived(PeerPacketKind.Rtp, datagram[..rtpLength])
                    : default;
                break;
            case DatagramKind.Rtcp when receive is not null && _ice.AcceptsMediaFrom(from):
                received = receive.TryUnprotectRtcp(datagram, out int rtcpLength)
                    ? new PeerReceived(PeerPacketKind.Rtcp, datagram[..rtcpLength])
                    : default;
                break;
        }

        Drive(now);
        return received;
    }

    /// <summary>Runs the timers due at <paramref name="now"/>: ICE checks, consent and the DTLS handshake deadline.</summary>
    public void HandleTimeout(DateTimeOffset now)
    {
        if (State == PeerState.Closed)
        {
            return;
        }

        _ice.HandleTimeout(now, _transmits);
        _secure?.HandleTimeout(now);
        Drive(now);
    }

    /// <summary>When <see cref="HandleTimeout"/> should next run; null when no timer is armed.</summary>
    public DateTimeOffset? PollTimeout()
    {
        if (State == PeerState.Closed)
        {
            return null;
        }

        var ice = _ice.PollTimeout();
        var dtls = _secure?.PollTimeout();
        return ice is null ? dtls : dtls is null ? ice : ice < dtls ? ice : dtls;
    }

    /// <summary>The next datagram to send; it stays valid until the next call on this connection.</summary>
    public bool TryPollTransmit(out PeerTransmit transmit)
    {
        PullDtls();
        return _transmits.TryDequeue(out transmit);
    }

    public bool TryPollEvent(out PeerEvent peerEvent)
    {
        PullDtls();
        return _events.TryDequeue(out peerEvent);
    }

    /// <summary>
    /// Protects the RTP packet <c>packet[..length]</c> in place (it needs <see cref="Srtp.SrtpProfile.RtpOverhead"/>
    /// spare bytes after it) and gives the datagram to send, a slice of <paramref name="packet"/>. False before DTLS
    /// is done, after close, or for a malformed packet.
    /// </summary>
    public bool TrySendRtp(Span<byte> packet, int length, out PeerTransmit transmit) =>
        TrySend(packet, length, rtcp: false, out transmit);

    /// <summary>As <see cref="TrySendRtp"/> for a (compound) RTCP packet; it needs <see cref="Srtp.SrtpProfile.RtcpOverhead"/> spare bytes.</summary>
    public bool TrySendRtcp(Span<byte> packet, int length, out PeerTransmit transmit) =>
        TrySend(packet, length, rtcp: true, out transmit);

    /// <summary>Closes locally: DTLS close_notify is queued to send, and <see cref="PeerEventKind.Closed"/> reported.</summary>
    public void Close()
    {
        if (State == PeerState.Closed)
        {
            return;
        }

        _secure?.Close();
        PullDtls();
        Finish("closed locally");
    }

    public void Dispose()
    {
        _secure?.Dispose();
        _ice.Dispose();
        _transmits.Dispose();
    }

    /// <summary>Follows up on what the inputs changed: ICE events, starting DTLS as its client, DTLS output.</summary>
    private void Drive(DateTimeOffset now)
    {
        while (_ice.TryPollEvent(out var iceEvent))
        {
            switch (iceEvent.Kind)
            {
                case IceEventKind.Connected:
                    _events.Enqueue(new PeerEvent(PeerEventKind.IceConnected, iceEvent.RemoteEndPoint));
                    break;
                case IceEventKind.SelectedPairChanged:
                    _events.Enqueue(new PeerEvent(PeerEventKind.SelectedPathChanged, iceEvent.RemoteEndPoint));
                    break;
                default:
                    Finish("ICE: consent expired or every check failed");
                    return;
            }
        }

        if (_ice.Remote is not null)
        {
            _secure?.StartClient(now);
        }

        PullDtls();
    }

    private bool TrySend(Span<byte> packet, int length, bool rtcp, out PeerTransmit transmit)
    {
        transmit = default;
        if (State != PeerState.Connected || _ice.Remote is not { } remote)
        {
            return false;
        }

        var send = _secure!.Send!;
        int protectedLength;
        if (!(rtcp ? send.TryProtectRtcp(packet, length, out protectedLength) : send.TryProtectRtp(packet, length, out protectedLength)))
        {
            return false;
        }

        transmit = new PeerTransmit(remote, packet[..protectedLength]);
        return true;
    }

    private void PullDtls()
    {
        if (_secure?.Pull(_ice.Remote, _transmits, _events) is { } reason)
        {
            Finish(reason);
        }
        else if (State == PeerState.Connecting && _secure?.Send is not null)
        {
            State = PeerState.Connected;
        }
    }

    private void Finish(string reason)
    {
        if (State == PeerState.Closed)
        {
            return;
        }

        State = PeerState.Closed;
        _secure?.Close();
        _events.Enqueue(new PeerEvent(PeerEventKind.Closed, _ice.Remote, Reason: reason));
    }
}
