using System.Net;
using MyVid.WebRtc.Ice;

namespace MyVid.WebRtc.Tests.Ice;

public class IceCandidateTests
{
    [TestCase("candidate:2769823985 1 udp 2122260223 192.168.0.69 12345 typ host generation 0 ufrag lQ+g network-id 1")]
    [TestCase("candidate:1 1 udp 2113937151 abc-def.local 55997 typ host")]
    [TestCase("candidate:842163049 1 udp 1677729535 203.0.113.7 61764 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag lQ+g network-id 1 network-cost 10")]
    [TestCase("candidate:3513016281 1 tcp 1518280447 192.168.0.69 9 typ host tcptype active generation 0 ufrag lQ+g network-id 1")]
    [TestCase("candidate:1 1 UDP 41885439 198.51.100.9 3478 typ relay raddr 203.0.113.7 rport 61764")]
    [TestCase("candidate:4 1 udp 1853824767 2001:db8::1 50000 typ prflx")]
    public void ChromiumAndFirefoxLines_RoundTrip(string line)
    {
        Assert.That(IceCandidate.TryParse(line, out var candidate), Is.True);
        Assert.That(candidate!.ToString(), Is.EqualTo(line));
    }

    [Test]
    public void ChromiumHostLine_ParsesEveryField()
    {
        const string line = "a=candidate:2769823985 1 udp 2122260223 192.168.0.69 12345 typ host generation 0 ufrag lQ+g network-id 1";

        Assert.That(IceCandidate.TryParse(line, out var candidate), Is.True);
        Assert.That(candidate!.Foundation, Is.EqualTo("2769823985"));
        Assert.That(candidate.Component, Is.EqualTo(1));
        Assert.That(candidate.Transport, Is.EqualTo("udp"));
        Assert.That(candidate.Priority, Is.EqualTo(2122260223u));
        Assert.That(candidate.Type, Is.EqualTo(IceCandidateType.Host));
        Assert.That(candidate.Generation, Is.Zero);
        Assert.That(candidate.Ufrag, Is.EqualTo("lQ+g"));
        Assert.That(candidate.NetworkId, Is.EqualTo(1));
        Assert.That(candidate.NetworkCost, Is.Null);
        Assert.That(candidate.IsMdns, Is.False);
        Assert.That(candidate.TryGetEndPoint(out var endPoint), Is.True);
        Assert.That(endPoint, Is.EqualTo(new IPEndPoint(IPAddress.Parse("192.168.0.69"), 12345)));
    }

    /// <summary>Found by the fuzzer: a CR LF inside a value made a candidate that wrote out as two SDP lines.</summary>
    [TestCase("candidate:1 1 udp 2122260223 192.168.1.20 54400 typ host x-foo bar\r\na=setup:active")]
    [TestCase("candidate:1 1 udp 2122260223 192.168.1.20 54400 typ host ge\nneration 0")]
    [TestCase("candidate:1 1 udp 2122260223 192.168.1.20 54400 typ host x-foo b\tar")]
    [TestCase("candidate:1 1 udp 2122260223 192.168.1.20\0 54400 typ host")]
    public void ControlCharactersInsideTheLine_FailTheParse(string line)
    {
        Assert.That(IceCandidate.TryParse(line, out var candidate), Is.False);
        Assert.That(candidate, Is.Null);
    }

    [Test]
    public void MdnsAddress_IsKeptAsHostname()
    {
        Assert.That(IceCandidate.TryParse("candidate:1 1 udp 2113937151 abc-def.local 55997 typ host", out var candidate), Is.True);

        Assert.That(candidate!.Address, Is.EqualTo("abc-def.local"));
        Assert.That(candidate.IsMdns, Is.True);
        Assert.That(candidate.TryGetEndPoint(out var endPoint), Is.False);
        Assert.That(endPoint, Is.Null);
    }

    [Test]
    public void UnknownExtensions_AreKeptInOrder()
    {
        const string line = "candidate:1 1 udp 2113937151 10.0.0.1 5000 typ host x-foo bar generation 1 x-baz 7";

        Assert.That(IceCandidate.TryParse(line, out var candidate), Is.True);
        Assert.That(candidate!.Generation, Is.EqualTo(1));
        Assert.That(candidate.Extensions, Is.EqualTo(new[]
        {
            KeyValuePair.Create("x-foo", "bar"),
            KeyValuePair.Create("x-baz", "7"),
        }));
        Assert.That(candidate.ToString(), Is.EqualTo("candidate:1 1 udp 2113937151 10.0.0.1 5000 typ host generation 1 x-foo bar x-baz 7"));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("candidate:1 1 udp 2113937151 10.0.0.1 5000 typ")]
    [TestCase("candidate:1 1 udp 2113937151 10.0.0.1 5000 type host")]
    [TestCase("candidate:1 1 udp 2113937151 10.0.0.1 70000 typ host")]
    [TestCase("candidate:1 0 udp 2113937151 10.0.0.1 5000 typ host")]
    [TestCase("candidate:1 1 udp -5 10.0.0.1 5000 typ host")]
    [TestCase("candidate:1 1 udp 2113937151 10.0.0.1 5000 typ bogus")]
    [TestCase("candidate:1 1 udp 2113937151 10.0.0.1 5000 typ host generation")]
    [TestCase("candidate:1 1 udp 2113937151 10.0.0.1 5000 typ host rport x")]
    public void Malformed_ReturnsFalse(string? line)
    {
        Assert.That(IceCandidate.TryParse(line, out var candidate), Is.False);
        Assert.That(candidate, Is.Null);
    }

    // Chromium's host priority 2122260223 is 126 << 24 | 32542 << 8 | 255 (its local preference is network-based).
    [TestCase(IceCandidateType.Host, 32542, 1, 2122260223u)]
    [TestCase(IceCandidateType.Host, 65535, 1, 2130706431u)]
    [TestCase(IceCandidateType.Host, 65535, 2, 2130706430u)]
    [TestCase(IceCandidateType.PeerReflexive, 65535, 1, 1862270975u)]
    [TestCase(IceCandidateType.ServerReflexive, 65535, 1, 1694498815u)]
    [TestCase(IceCandidateType.Relay, 0, 1, 255u)]
    public void ComputePriority_FollowsRfc8445(IceCandidateType type, int localPreference, int component, uint expected)
    {
        Assert.That(IceCandidate.ComputePriority(type, localPreference, component), Is.EqualTo(expected));
    }
}
