using System.Net;
using MyVid.WebRtc.Ice;
using MyVid.WebRtc.Stun;

namespace MyVid.WebRtc.Tests.Ice;

/// <summary>The lite agent fed hand-written checks, as a browser would send them.</summary>
public class IceLiteAgentTests
{
    private static readonly IceCredentials Server = new("srvU", "serverpasswordserverpassword");
    private static readonly IceCredentials Browser = new("brwU", "browserpasswordbrowserpass");
    private static readonly IPEndPoint BrowserWifi = new(IPAddress.Parse("192.168.1.20"), 61000);
    private static readonly IPEndPoint BrowserLte = new(IPAddress.Parse("100.64.3.4"), 40000);
    private static readonly DateTimeOffset Now = IceTestNetwork.Start;

    private readonly byte[] _request = new byte[256];
    private readonly byte[] _response = new byte[256];

    [Test]
    public void ValidCheck_IsAnsweredWithASignedSuccessCarryingTheSource()
    {
        using var agent = new IceLiteAgent(Server, Browser);
        int length = WriteCheck("srvU:brwU", Server.Password, useCandidate: false);

        Assert.That(agent.HandleDatagram(_request.AsSpan(0, length), BrowserWifi, Now, _response, out int written), Is.True);

        using var key = StunIntegrityKey.ForShortTermPassword(Server.Password);
        Assert.That(StunMessage.TryParse(_response.AsSpan(0, written), out var response), Is.True);
        Assert.That(response.Class, Is.EqualTo(StunClass.SuccessResponse));
        Assert.That(response.TransactionId, Is.EqualTo(StunTransactionId.Read(_request.AsSpan(8))));
        Assert.That(response.TryGetXorMappedAddress(out var mapped) ? mapped : null, Is.EqualTo(BrowserWifi));
        Assert.That(response.CheckMessageIntegrity(key) && response.CheckFingerprint(), Is.True);
        Assert.That(agent.State, Is.EqualTo(IceConnectionState.New), "no USE-CANDIDATE, nothing selected");
    }

    [TestCase("srvU:brwU", "wrongpasswordwrongpassword", TestName = "BadIntegrity_IsDropped")]
    [TestCase("srvU:othr", "serverpasswordserverpassword", TestName = "WrongRemoteUfrag_IsDropped")]
    [TestCase("othr:brwU", "serverpasswordserverpassword", TestName = "WrongLocalUfrag_IsDropped")]
    public void UnauthenticatedCheck_IsDroppedWithoutAnswer(string username, string password)
    {
        using var agent = new IceLiteAgent(Server, Browser);
        int length = WriteCheck(username, password, useCandidate: true);

        Assert.That(agent.HandleDatagram(_request.AsSpan(0, length), BrowserWifi, Now, _response, out int written), Is.False);
        Assert.That(written, Is.Zero);
        Assert.That(agent.State, Is.EqualTo(IceConnectionState.New));
        Assert.That(agent.TryPollEvent(out _), Is.False);
    }

    [Test]
    public void CheckWithoutFingerprint_IsDropped()
    {
        using var agent = new IceLiteAgent(Server, Browser);
        int length = WriteCheck("srvU:brwU", Server.Password, useCandidate: true, fingerprint: false);

        Assert.That(agent.HandleDatagram(_request.AsSpan(0, length), BrowserWifi, Now, _response, out _), Is.False);
    }

    [Test]
    public void IceControlledPeer_GetsSigned487_AndNothingIsSelected()
    {
        using var agent = new IceLiteAgent(Server, Browser);
        int length = WriteCheck("srvU:brwU", Server.Password, useCandidate: true, controlling: false);

        Assert.That(agent.HandleDatagram(_request.AsSpan(0, length), BrowserWifi, Now, _response, out int written), Is.True);

        using var key = StunIntegrityKey.ForShortTermPassword(Server.Password);
        Assert.That(StunMessage.TryParse(_response.AsSpan(0, written), out var response), Is.True);
        Assert.That(response.Class, Is.EqualTo(StunClass.ErrorResponse));
        Assert.That(response.TryGetErrorCode(out int code, out _) ? code : 0, Is.EqualTo(487));
        Assert.That(response.CheckMessageIntegrity(key), Is.True);
        Assert.That(agent.State, Is.EqualTo(IceConnectionState.New));
    }

    [Test]
    public void NewNomination_FromAnotherNetwork_ReselectsThePair()
    {
        using var agent = new IceLiteAgent(Server, Browser);
        int length = WriteCheck("srvU:brwU", Server.Password, useCandidate: true);
        agent.HandleDatagram(_request.AsSpan(0, length), BrowserWifi, Now, _response, out _);
        length = WriteCheck("srvU:brwU", Server.Password, useCandidate: true);
        agent.HandleDatagram(_request.AsSpan(0, length), BrowserLte, Now.AddSeconds(1), _response, out _);

        Assert.That(agent.TryPollEvent(out var first) ? first : default, Is.EqualTo(new IceEvent(IceEventKind.Connected, BrowserWifi)));
        Assert.That(agent.TryPollEvent(out var second) ? second : default, Is.EqualTo(new IceEvent(IceEventKind.SelectedPairChanged, BrowserLte)));
        Assert.That(agent.SelectedRemote, Is.EqualTo(BrowserLte));
        Assert.That(agent.PollTimeout(), Is.EqualTo(Now.AddSeconds(31)));
    }

    [Test]
    public void BeforeTheRemoteUfragIsKnown_OnlyOurHalfOfTheUsernameIsChecked()
    {
        using var agent = new IceLiteAgent(Server);
        int length = WriteCheck("srvU:anyone", Server.Password, useCandidate: true);

        Assert.That(agent.HandleDatagram(_request.AsSpan(0, length), BrowserWifi, Now, _response, out _), Is.True);
        agent.SetRemoteCredentials(Browser);
        length = WriteCheck("srvU:anyone", Server.Password, useCandidate: true);
        Assert.That(agent.HandleDatagram(_request.AsSpan(0, length), BrowserWifi, Now, _response, out _), Is.False);
    }

    [Test]
    public void AnswerPath_AllocatesNothing()
    {
        using var agent = new IceLiteAgent(Server, Browser);
        int length = WriteCheck("srvU:brwU", Server.Password, useCandidate: true);
        agent.HandleDatagram(_request.AsSpan(0, length), BrowserWifi, Now, _response, out _);
        agent.TryPollEvent(out _);

        long before = GC.GetAllocatedBytesForCurrentThread();
        bool answered = true;
        for (int i = 0; i < 100; i++)
        {
            answered &= agent.HandleDatagram(_request.AsSpan(0, length), BrowserWifi, Now.AddSeconds(i), _response, out _);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        Assert.That(answered, Is.True);
    }

    private int WriteCheck(string username, string password, bool useCandidate, bool controlling = true, bool fingerprint = true) =>
        IceChecks.Write(_request, username, password, useCandidate, controlling, fingerprint);
}
