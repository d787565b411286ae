using System.Net;
using System.Security.Cryptography;
using MyVid.WebRtc.Ice;

namespace MyVid.WebRtc.Peer;

/// <summary>
/// The client's ICE: an <see cref="IceControllingAgent"/> with one host candidate, created once the remote
/// credentials are known, since the controlling agent needs them for its first check. An ICE restart starts a new
/// agent with the new credentials; the previous one carries media (and its consent) until the new one has nominated.
/// </summary>
internal sealed class ControllingIce(IceCredentials local, IPEndPoint localEndPoint, RandomNumberGenerator random,
    IceControllingOptions options) : IcePart
{
    private IceCredentials _local = local;
    private string? _previousUfrag;
    private IReadOnlyList<string> _candidates = [];
    private IceControllingAgent? _agent;
    private IceControllingAgent? _previous;

    public override IPEndPoint? Remote => _agent?.SelectedPair?.Remote ?? _previous?.SelectedPair?.Remote;

    public override string? PreviousLocalUfrag => _previous is null ? null : _previousUfrag;

    public override void SetRemote(IceCredentials credentials, IReadOnlyList<string> candidates)
    {
        _agent?.Dispose();
        _candidates = candidates;
        _agent = NewAgent(_local, credentials);
    }

    public override void Restart(IceCredentials newLocal, IceCredentials remote, DateTimeOffset now)
    {
        _previous?.Dispose();
        _previous = _agent;
        _previousUfrag = _local.Ufrag;
        _local = newLocal;
        _agent = NewAgent(newLocal, remote);
    }

    public override void HandleStun(ReadOnlySpan<byte> datagram, IPEndPoint from, DateTimeOffset now, TransmitQueue output)
    {
        // Each agent takes only what its own credentials and transactions authenticate.
        _agent?.HandleDatagram(datagram, localEndPoint, from, now);
        _previous?.HandleDatagram(datagram, localEndPoint, from, now);
        HandleTimeout(now, output);
    }

    public override void HandleTimeout(DateTimeOffset now, TransmitQueue output)
    {
        if (_agent is null)
        {
            return;
        }

        _agent.HandleTimeout(now);
        Transmit(_agent, now, output);
        if (_previous is not null)
        {
            _previous.HandleTimeout(now);
            Transmit(_previous, now, output);
        }
    }

    public override DateTimeOffset? PollTimeout()
    {
        var next = _agent?.PollTimeout();
        return _previous?.PollTimeout() is { } previous && (next is null || previous < next) ? previous : next;
    }

    public override bool TryPollEvent(out IceEvent iceEvent)
    {
        iceEvent = default;
        if (_agent is null || !_agent.TryPollEvent(out iceEvent))
        {
            return false;
        }

        if (_previous is not null && iceEvent.Kind == IceEventKind.Connected)
        {
            // The restart's agent nominated: media moves to its pair, and the previous generation is over.
            _previous.Dispose();
            _previous = null;
            iceEvent = iceEvent with { Kind = IceEventKind.SelectedPairChanged };
        }

        return true;
    }

    public override bool AcceptsMediaFrom(IPEndPoint from) => from.Equals(Remote);

    public override void Dispose()
    {
        _agent?.Dispose();
        _previous?.Dispose();
    }

    private IceControllingAgent NewAgent(IceCredentials localCredentials, IceCredentials remote)
    {
        var agent = new IceControllingAgent(localCredentials, remote, random, options);
        agent.AddLocalCandidate(localEndPoint);
        foreach (var text in _candidates)
        {
            if (IceCandidate.TryParse(text, out var candidate) && candidate is not null)
            {
                agent.AddRemoteCandidate(candidate);
            }
        }

        return agent;
    }

    private static void Transmit(IceControllingAgent agent, DateTimeOffset now, TransmitQueue output)
    {
        while (true)
        {
            var buffer = TransmitQueue.Rent();
            if (!agent.TryPollTransmit(now, buffer, out var transmit))
            {
                TransmitQueue.Return(buffer);
                return;
            }

            output.Enqueue(buffer, transmit.Length, transmit.Destination);
        }
    }
}
