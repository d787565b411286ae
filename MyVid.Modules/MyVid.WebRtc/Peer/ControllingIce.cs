using System.Net;
using System.Security.Cryptography;
using MyVid.WebRtc.Ice;

namespace MyVid.WebRtc.Peer;

/// <summary>
/// The client's ICE: an <see cref="IceControllingAgent"/> with one host candidate, created once the remote
/// credentials are known, since the controlling agent needs them for its first check.
/// </summary>
internal sealed class ControllingIce(IceCredentials local, IPEndPoint localEndPoint, RandomNumberGenerator random,
    IceControllingOptions options) : IcePart
{
    private IceControllingAgent? _agent;

    public override IPEndPoint? Remote => _agent?.SelectedPair?.Remote;

    public override void SetRemote(IceCredentials credentials, IReadOnlyList<string> candidates)
    {
        _agent?.Dispose();
        _agent = new IceControllingAgent(local, credentials, random, options);
        _agent.AddLocalCandidate(localEndPoint);
        foreach (var text in candidates)
        {
            if (IceCandidate.TryParse(text, out var candidate) && candidate is not null)
            {
                _agent.AddRemoteCandidate(candidate);
            }
        }
    }

    public override void HandleStun(ReadOnlySpan<byte> datagram, IPEndPoint from, DateTimeOffset now, TransmitQueue output)
    {
        _agent?.HandleDatagram(datagram, localEndPoint, from, now);
        HandleTimeout(now, output);
    }

    public override void HandleTimeout(DateTimeOffset now, TransmitQueue output)
    {
        if (_agent is null)
        {
            return;
        }

        _agent.HandleTimeout(now);
        while (true)
        {
            var buffer = TransmitQueue.Rent();
            if (!_agent.TryPollTransmit(now, buffer, out var transmit))
            {
                TransmitQueue.Return(buffer);
                return;
            }

            output.Enqueue(buffer, transmit.Length, transmit.Destination);
        }
    }

    public override DateTimeOffset? PollTimeout() => _agent?.PollTimeout();

    public override bool TryPollEvent(out IceEvent iceEvent)
    {
        iceEvent = default;
        return _agent is not null && _agent.TryPollEvent(out iceEvent);
    }

    public override bool AcceptsMediaFrom(IPEndPoint from) => from.Equals(Remote);

    public override void Dispose() => _agent?.Dispose();
}
