using System.Net;
using MyVid.WebRtc.Ice;

namespace MyVid.WebRtc.Peer;

/// <summary>The server's ICE: an <see cref="IceLiteAgent"/>, answering each check to its source (RFC 8445 §2.5).</summary>
internal sealed class LiteIce(IceLiteAgent agent) : IcePart
{
    // A browser checks from a few interfaces at most; more sources than this are forgotten oldest first.
    private const int MaxCheckedSources = 8;

    private readonly List<IPEndPoint> _checkedSources = [];

    public override IPEndPoint? Remote => agent.SelectedRemote;

    public override void SetRemote(IceCredentials credentials, IReadOnlyList<string> candidates) =>
        agent.SetRemoteCredentials(credentials); // a lite agent learns the peer's addresses from its checks

    public override void Restart(IceCredentials local, IceCredentials remote, DateTimeOffset now) => agent.Restart(local, remote, now);

    public override string? PreviousLocalUfrag => agent.PreviousLocalCredentials?.Ufrag;

    public override void HandleStun(ReadOnlySpan<byte> datagram, IPEndPoint from, DateTimeOffset now, TransmitQueue output)
    {
        var buffer = TransmitQueue.Rent();
        if (!agent.HandleDatagram(datagram, from, now, buffer, out int length))
        {
            TransmitQueue.Return(buffer);
            return;
        }

        // Copied: the caller may reuse the endpoint it passed in.
        var source = new IPEndPoint(from.Address, from.Port);
        output.Enqueue(buffer, length, source);
        if (!_checkedSources.Contains(source))
        {
            if (_checkedSources.Count == MaxCheckedSources)
            {
                _checkedSources.RemoveAt(0);
            }

            _checkedSources.Add(source);
        }
    }

    public override void HandleTimeout(DateTimeOffset now, TransmitQueue output) => agent.HandleTimeout(now);

    public override DateTimeOffset? PollTimeout() => agent.PollTimeout();

    public override bool TryPollEvent(out IceEvent iceEvent) => agent.TryPollEvent(out iceEvent);

    public override bool AcceptsMediaFrom(IPEndPoint from) => from.Equals(agent.SelectedRemote) || _checkedSources.Contains(from);

    public override void Dispose() => agent.Dispose();
}
