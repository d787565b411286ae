using System.Net;
using MyVid.WebRtc.Dtls;
using MyVid.WebRtc.Srtp;

namespace MyVid.WebRtc.Peer;

/// <summary>
/// The DTLS-SRTP side of a <see cref="PeerConnection"/> (RFC 5764): the DTLS connection, where its datagrams go, and
/// the two SRTP contexts its exported keys make.
/// </summary>
internal sealed class SecureTransport(DtlsConnection dtls) : IDisposable
{
    private IPEndPoint? _dtlsSource;

    /// <summary>Protects what we send; null until DTLS is done.</summary>
    public SrtpContext? Send { get; private set; }

    /// <summary>Unprotects what we receive; null until DTLS is done.</summary>
    public SrtpContext? Receive { get; private set; }

    public DateTimeOffset? PollTimeout() => dtls.PollTimeout();

    public void HandleDatagram(ReadOnlySpan<byte> datagram, IPEndPoint from, DateTimeOffset now)
    {
        if (!from.Equals(_dtlsSource))
        {
            _dtlsSource = new IPEndPoint(from.Address, from.Port); // copied: the caller may reuse its endpoint
        }

        dtls.HandleDatagram(datagram, now);
    }

    public void HandleTimeout(DateTimeOffset now) => dtls.HandleTimeout(now);

    /// <summary>A DTLS client starts once ICE has a pair (RFC 8842 §5.3: the active side sends the ClientHello).</summary>
    public void StartClient(DateTimeOffset now)
    {
        if (dtls is { Role: DtlsRole.Client, State: DtlsState.New })
        {
            dtls.Start(now);
        }
    }

    /// <summary>
    /// Moves what the DTLS thread produced: datagrams into <paramref name="output"/>, to the ICE remote or else
    /// whoever sent us DTLS; a finished handshake keys SRTP and reports <see cref="PeerEventKind.DtlsConnected"/>.
    /// Returns why the connection must close, or null.
    /// </summary>
    public string? Pull(IPEndPoint? remote, TransmitQueue output, Queue<PeerEvent> events)
    {
        while (dtls.PollTransmit() is { } datagram)
        {
            if ((remote ?? _dtlsSource) is { } destination)
            {
                output.Enqueue(datagram, destination);
            }
        }

        while (dtls.PollEvent() is { } dtlsEvent)
        {
            switch (dtlsEvent)
            {
                case DtlsConnected connected:
                    (Send, Receive) = connected.Keys.CreateSrtpContexts();
                    events.Enqueue(new PeerEvent(PeerEventKind.DtlsConnected, remote, connected.Keys.Profile));
                    break;
                case DtlsFailed failed:
                    return "DTLS: " + failed.Reason;
                default:
                    return "DTLS: the peer sent close_notify";
            }
        }

        return null;
    }

    /// <summary>Sends close_notify when connected (it is queued for <see cref="Pull"/>), abandons a handshake otherwise.</summary>
    public void Close() => dtls.Close();

    public void Dispose()
    {
        dtls.Close();
        Send?.Dispose();
        Receive?.Dispose();
    }
}
