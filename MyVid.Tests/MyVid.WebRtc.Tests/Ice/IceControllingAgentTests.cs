using System.Net;
using System.Security.Cryptography;
using System.Text;
using MyVid.WebRtc.Ice;
using MyVid.WebRtc.Stun;

namespace MyVid.WebRtc.Tests.Ice;

/// <summary>A full agent must answer the peer's checks too (RFC 8445 §7.3).</summary>
public class IceControllingAgentTests
{
    private static readonly IceCredentials Local = new("locU", "localpasswordlocalpassword");
    private static readonly IceCredentials Remote = new("remU", "remotepasswordremotepassword");
    private static readonly IPEndPoint LocalEndPoint = new(IPAddress.Parse("10.0.0.1"), 50000);
    private static readonly IPEndPoint Peer = new(IPAddress.Parse("10.0.0.9"), 7000);

    [TestCase(false, StunClass.SuccessResponse, TestName = "PeerCheck_IsAnsweredWithTheMappedAddress")]
    [TestCase(true, StunClass.ErrorResponse, TestName = "PeerClaimingControlling_Gets487")]
    public void PeerCheck_IsAnswered(bool peerControlling, StunClass expected)
    {
        using var random = RandomNumberGenerator.Create();
        using var agent = new IceControllingAgent(Local, Remote, random);
        using var localKey = StunIntegrityKey.ForShortTermPassword(Local.Password);
        var request = new byte[128];
        var writer = new StunMessageWriter(request, StunClass.Request, StunMethod.Binding, StunTransactionId.Create(random));
        writer.AddUsername(Encoding.UTF8.GetBytes("locU:remU"));
        if (peerControlling)
        {
            writer.AddIceControlling(1);
        }
        else
        {
            writer.AddIceControlled(1);
        }

        writer.AddMessageIntegrity(localKey);
        writer.AddFingerprint();
        writer.TryComplete(out int length);

        agent.HandleDatagram(request.AsSpan(0, length), LocalEndPoint, Peer, IceTestNetwork.Start);

        var buffer = new byte[256];
        Assert.That(agent.TryPollTransmit(IceTestNetwork.Start, buffer, out var transmit), Is.True);
        Assert.That(transmit.Source, Is.EqualTo(LocalEndPoint));
        Assert.That(transmit.Destination, Is.EqualTo(Peer));
        Assert.That(StunMessage.TryParse(buffer.AsSpan(0, transmit.Length), out var response), Is.True);
        Assert.That(response.Class, Is.EqualTo(expected));
        Assert.That(response.TransactionId, Is.EqualTo(StunTransactionId.Read(request.AsSpan(8))));
        Assert.That(response.CheckMessageIntegrity(localKey) && response.CheckFingerprint(), Is.True);
        if (!peerControlling)
        {
            Assert.That(response.TryGetXorMappedAddress(out var mapped) ? mapped : null, Is.EqualTo(Peer));
        }

        Assert.That(agent.TryPollTransmit(IceTestNetwork.Start, buffer, out _), Is.False, "one answer per check");
    }

    [Test]
    public void OwnChecks_CarryTheIceAttributesSignedWithTheRemotePassword()
    {
        using var random = RandomNumberGenerator.Create();
        using var agent = new IceControllingAgent(Local, Remote, random);
        using var remoteKey = StunIntegrityKey.ForShortTermPassword(Remote.Password);
        agent.AddLocalCandidate(LocalEndPoint);
        Assert.That(IceCandidate.TryParse("candidate:1 1 udp 2130706431 10.0.0.9 7000 typ host", out var candidate), Is.True);
        Assert.That(agent.AddRemoteCandidate(candidate!), Is.True);
        Assert.That(IceCandidate.TryParse("candidate:2 1 udp 2130706431 abc.local 7000 typ host", out var mdns), Is.True);
        Assert.That(agent.AddRemoteCandidate(mdns!), Is.False);

        var buffer = new byte[256];
        Assert.That(agent.PollTimeout(), Is.EqualTo(DateTimeOffset.MinValue), "a waiting pair is due at once");
        Assert.That(agent.TryPollTransmit(IceTestNetwork.Start, buffer, out var transmit), Is.True);

        Assert.That(transmit.Destination, Is.EqualTo(Peer));
        Assert.That(StunMessage.TryParse(buffer.AsSpan(0, transmit.Length), out var check), Is.True);
        Assert.That(check.TryGetUsername(out var username) && username.SequenceEqual("remU:locU"u8), Is.True);
        Assert.That(check.TryGetPriority(out uint priority) ? priority : 0,
            Is.EqualTo(IceCandidate.ComputePriority(IceCandidateType.PeerReflexive, 65535, 1)));
        Assert.That(check.TryGetIceControlling(out _), Is.True);
        Assert.That(check.HasUseCandidate, Is.False);
        Assert.That(check.CheckMessageIntegrity(remoteKey) && check.CheckFingerprint(), Is.True);
        Assert.That(agent.PollTimeout(), Is.EqualTo(IceTestNetwork.Start.AddMilliseconds(500)), "RTO");
    }
}
