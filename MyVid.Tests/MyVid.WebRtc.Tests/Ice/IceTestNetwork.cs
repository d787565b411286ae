using System.Net;
using System.Security.Cryptography;
using MyVid.WebRtc.Ice;
using MyVid.WebRtc.Stun;

namespace MyVid.WebRtc.Tests.Ice;

/// <summary>
/// Wires a controlling agent to a lite agent in memory under a virtual clock: no sockets, no real time.
/// <see cref="Drop"/> decides per request whether the network loses it.
/// </summary>
internal sealed class IceTestNetwork : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly IPEndPoint ClientEndPoint = new(IPAddress.Parse("10.0.0.1"), 50000);
    public static readonly IPEndPoint ServerEndPoint = new(IPAddress.Parse("10.0.0.2"), 3478);

    private readonly byte[] _datagram = new byte[1500];
    private readonly byte[] _response = new byte[1500];

    public IceTestNetwork(IceControllingOptions? options = null)
    {
        ClientCredentials = IceCredentials.Generate(RandomNumberGenerator.Create());
        ServerCredentials = IceCredentials.Generate(RandomNumberGenerator.Create());
        Lite = new IceLiteAgent(ServerCredentials, ClientCredentials);
        Client = NewClient(ClientCredentials, ServerCredentials, ClientEndPoint, options);
    }

    public IceCredentials ClientCredentials { get; }

    public IceCredentials ServerCredentials { get; }

    public IceLiteAgent Lite { get; }

    public IceControllingAgent Client { get; set; }

    public IPEndPoint ClientSource { get; set; } = ClientEndPoint;

    public DateTimeOffset Now { get; private set; } = Start;

    public Func<int, bool> Drop { get; set; } = _ => false;

    /// <summary>Every request the client sent: when, and its transaction id.</summary>
    public List<(DateTimeOffset At, StunTransactionId Id, bool UseCandidate)> Sent { get; } = [];

    public List<IceEvent> ClientEvents { get; } = [];

    public List<IceEvent> LiteEvents { get; } = [];

    public static IceControllingAgent NewClient(IceCredentials local, IceCredentials remote, IPEndPoint endPoint,
        IceControllingOptions? options = null)
    {
        var client = new IceControllingAgent(local, remote, RandomNumberGenerator.Create(), options);
        client.AddLocalCandidate(endPoint);
        client.AddRemoteCandidate(new IceCandidate
        {
            Foundation = "1", Address = ServerEndPoint.Address.ToString(), Port = ServerEndPoint.Port,
            Priority = IceCandidate.ComputePriority(IceCandidateType.Host, 65535, 1),
        });
        return client;
    }

    /// <summary>Runs both agents until <paramref name="until"/>, jumping the clock from timeout to timeout.</summary>
    public void RunUntil(DateTimeOffset until)
    {
        for (int step = 0; step < 100_000; step++)
        {
            Client.HandleTimeout(Now);
            Lite.HandleTimeout(Now);
            Deliver();
            Drain();
            var next = Earliest(Client.PollTimeout(), Lite.PollTimeout());
            if (next is null || next > until)
            {
                Now = until;
                Client.HandleTimeout(Now);
                Lite.HandleTimeout(Now);
                Drain();
                return;
            }

            Now = next.Value > Now ? next.Value : Now;
        }

        Assert.Fail("the agents never went idle");
    }

    public void RunFor(TimeSpan duration) => RunUntil(Now + duration);

    public void Dispose()
    {
        Lite.Dispose();
        Client.Dispose();
    }

    private void Deliver()
    {
        while (Client.TryPollTransmit(Now, _datagram, out var transmit))
        {
            Assert.That(transmit.Destination, Is.EqualTo(ServerEndPoint));
            var request = _datagram.AsSpan(0, transmit.Length);
            Assert.That(StunMessage.TryParse(request, out var message), Is.True);
            Sent.Add((Now, message.TransactionId, message.HasUseCandidate));
            if (Drop(Sent.Count - 1))
            {
                continue;
            }

            if (Lite.HandleDatagram(request, ClientSource, Now, _response, out int length))
            {
                Client.HandleDatagram(_response.AsSpan(0, length), transmit.Source, ServerEndPoint, Now);
            }
        }
    }

    private void Drain()
    {
        while (Client.TryPollEvent(out var clientEvent))
        {
            ClientEvents.Add(clientEvent);
        }

        while (Lite.TryPollEvent(out var liteEvent))
        {
            LiteEvents.Add(liteEvent);
        }
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;
}
