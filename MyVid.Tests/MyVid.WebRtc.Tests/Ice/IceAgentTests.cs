using System.Net;
using MyVid.WebRtc.Ice;
using MyVid.WebRtc.Stun;

namespace MyVid.WebRtc.Tests.Ice;

public class IceAgentTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Test]
    public void ControllingAndLite_Connect_AndBothReportConnected()
    {
        using var network = new IceTestNetwork();

        network.RunFor(Second);

        Assert.That(network.ClientEvents, Is.EqualTo(new[] { new IceEvent(IceEventKind.Connected, IceTestNetwork.ServerEndPoint) }));
        Assert.That(network.LiteEvents, Is.EqualTo(new[] { new IceEvent(IceEventKind.Connected, IceTestNetwork.ClientEndPoint) }));
        Assert.That(network.Client.SelectedPair, Is.EqualTo((IceTestNetwork.ClientEndPoint, IceTestNetwork.ServerEndPoint)));
        Assert.That(network.Lite.SelectedRemote, Is.EqualTo(IceTestNetwork.ClientEndPoint));

        // Regular nomination: an ordinary check first, then the same pair again with USE-CANDIDATE.
        Assert.That(network.Sent.Select(s => s.UseCandidate), Is.EqualTo(new[] { false, true }));
    }

    [Test]
    public void LostCheck_IsRetransmittedAfterTheRto()
    {
        using var network = new IceTestNetwork { Drop = index => index == 0 };

        network.RunFor(Second);

        Assert.That(network.Sent[1].Id, Is.EqualTo(network.Sent[0].Id));
        Assert.That(network.Sent[1].At - network.Sent[0].At, Is.EqualTo(TimeSpan.FromMilliseconds(500)));
        Assert.That(network.Client.State, Is.EqualTo(IceConnectionState.Connected));
        Assert.That(network.Lite.State, Is.EqualTo(IceConnectionState.Connected));
    }

    [Test]
    public void UnansweredChecks_GiveUpAfterMaxTransmissions_AndClose()
    {
        using var network = new IceTestNetwork { Drop = _ => true };

        network.RunFor(TimeSpan.FromSeconds(20));

        Assert.That(network.Sent, Has.Count.EqualTo(7));
        Assert.That(network.Sent.Select(s => s.Id).Distinct().Count(), Is.EqualTo(1));
        Assert.That(network.Client.State, Is.EqualTo(IceConnectionState.Closed));
        Assert.That(network.ClientEvents, Is.EqualTo(new[] { new IceEvent(IceEventKind.Closed, null) }));
    }

    [Test]
    public void WrongPassword_IsRefusedByTheLiteAgent()
    {
        using var network = new IceTestNetwork();
        var wrongServerPassword = new IceCredentials(network.ServerCredentials.Ufrag, new string('x', 24));
        network.Client = IceTestNetwork.NewClient(network.ClientCredentials, wrongServerPassword, IceTestNetwork.ClientEndPoint);

        network.RunFor(TimeSpan.FromSeconds(20));

        Assert.That(network.LiteEvents, Is.Empty);
        Assert.That(network.Lite.State, Is.EqualTo(IceConnectionState.New));
        Assert.That(network.Client.State, Is.EqualTo(IceConnectionState.Closed));
    }

    [Test]
    public void ConsentChecks_KeepBothSidesConnected()
    {
        using var network = new IceTestNetwork();

        network.RunFor(TimeSpan.FromMinutes(3));

        Assert.That(network.Client.State, Is.EqualTo(IceConnectionState.Connected));
        Assert.That(network.Lite.State, Is.EqualTo(IceConnectionState.Connected));
        var consentGaps = network.Sent.Skip(3).Zip(network.Sent.Skip(2), (later, earlier) => later.At - earlier.At);
        Assert.That(consentGaps, Is.All.InRange(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(6)));
    }

    [Test]
    public void LiteAgent_ClosesAfter30SecondsOfSilence()
    {
        using var network = new IceTestNetwork();
        network.RunFor(Second);
        var lastCheck = network.Sent[^1].At;
        network.Drop = _ => true;

        network.RunUntil(lastCheck + TimeSpan.FromSeconds(29.9));
        Assert.That(network.Lite.State, Is.EqualTo(IceConnectionState.Connected));
        Assert.That(network.Lite.PollTimeout(), Is.EqualTo(lastCheck + TimeSpan.FromSeconds(30)));

        network.RunUntil(lastCheck + TimeSpan.FromSeconds(30));
        Assert.That(network.Lite.State, Is.EqualTo(IceConnectionState.Closed));
        Assert.That(network.LiteEvents[^1], Is.EqualTo(new IceEvent(IceEventKind.Closed, IceTestNetwork.ClientEndPoint)));
    }

    [Test]
    public void ControllingAgent_ClosesWhenConsentChecksGoUnanswered()
    {
        using var network = new IceTestNetwork();
        network.RunFor(Second);
        var connectedAt = network.Sent[^1].At;
        network.Drop = _ => true;

        network.RunUntil(connectedAt + TimeSpan.FromSeconds(29));
        Assert.That(network.Client.State, Is.EqualTo(IceConnectionState.Connected));

        network.RunUntil(connectedAt + TimeSpan.FromSeconds(30));
        Assert.That(network.Client.State, Is.EqualTo(IceConnectionState.Closed));
        Assert.That(network.ClientEvents[^1], Is.EqualTo(new IceEvent(IceEventKind.Closed, IceTestNetwork.ServerEndPoint)));
    }

    [Test]
    public void IceRestart_KeepsTheOldPairUntilTheNewNomination()
    {
        using var network = new IceTestNetwork();
        network.RunFor(Second);
        using var random = System.Security.Cryptography.RandomNumberGenerator.Create();
        var newServer = IceCredentials.Generate(random);
        var newClient = IceCredentials.Generate(random);
        network.Lite.Restart(newServer, newClient, network.Now);
        Assert.That(network.Lite.PreviousLocalCredentials, Is.EqualTo(network.ServerCredentials));

        // The old client keeps checking consent with the old credentials: still answered, pair kept.
        network.RunFor(TimeSpan.FromSeconds(20));
        Assert.That(network.Lite.State, Is.EqualTo(IceConnectionState.Connected));
        Assert.That(network.Lite.SelectedRemote, Is.EqualTo(IceTestNetwork.ClientEndPoint));
        Assert.That(network.LiteEvents, Has.Count.EqualTo(1));

        // The restarted client, on a new network, nominates under the new credentials.
        var movedClient = new IPEndPoint(IPAddress.Parse("10.0.0.3"), 50001);
        var oldClient = network.Client;
        network.Client = IceTestNetwork.NewClient(newClient, newServer, movedClient);
        network.ClientSource = movedClient;
        network.RunFor(Second);
        Assert.That(network.LiteEvents[^1], Is.EqualTo(new IceEvent(IceEventKind.SelectedPairChanged, movedClient)));
        Assert.That(network.Lite.SelectedRemote, Is.EqualTo(movedClient));
        Assert.That(network.Lite.PreviousLocalCredentials, Is.Null);

        // The old generation is gone now: the old client's checks are dropped and it loses consent.
        network.Client = oldClient;
        network.ClientSource = IceTestNetwork.ClientEndPoint;
        network.RunFor(TimeSpan.FromSeconds(31));
        Assert.That(oldClient.State, Is.EqualTo(IceConnectionState.Closed));
        Assert.That(network.Lite.SelectedRemote, Is.EqualTo(movedClient));
    }

    [Test]
    public void IceRestart_ForgetsTheOldCredentialsAfterTheGraceWithoutANewNomination()
    {
        using var network = new IceTestNetwork();
        network.RunFor(Second);
        using var random = System.Security.Cryptography.RandomNumberGenerator.Create();
        network.Lite.Restart(IceCredentials.Generate(random), IceCredentials.Generate(random), network.Now);
        Assert.That(network.Lite.PollTimeout(), Is.LessThanOrEqualTo(network.Now + network.Lite.ConsentTimeout));

        // Only the old client checks: answered through the grace, then dropped, and the lite agent loses its consent.
        network.RunFor(network.Lite.ConsentTimeout - Second);
        Assert.That(network.Lite.PreviousLocalCredentials, Is.Not.Null);
        Assert.That(network.Client.State, Is.EqualTo(IceConnectionState.Connected));
        network.RunFor(network.Lite.ConsentTimeout + (2 * Second));
        Assert.That(network.Lite.PreviousLocalCredentials, Is.Null);
        Assert.That(network.Client.State, Is.EqualTo(IceConnectionState.Closed));
        Assert.That(network.Lite.State, Is.EqualTo(IceConnectionState.Closed));
    }
}
