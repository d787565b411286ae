using System.Net;
using System.Text;
using MyVid.WebRtc.Stun;

namespace MyVid.WebRtc.Tests.Stun;

public class StunRfc5769Tests
{
    private static StunIntegrityKey Key() => StunIntegrityKey.ForShortTermPassword(Rfc5769Vectors.Password);

    [Test]
    public void Rfc5769_2_1_SampleRequest_ParsesAndVerifies()
    {
        using var key = Key();
        using var wrongKey = StunIntegrityKey.ForShortTermPassword("VOkJxbRl1RmTxUk/WvJxBT");

        Assert.That(StunMessage.TryParse(Rfc5769Vectors.SampleRequest, out var message), Is.True);

        Assert.That(message.Class, Is.EqualTo(StunClass.Request));
        Assert.That(message.Method, Is.EqualTo(StunMethod.Binding));
        Assert.That(message.TransactionId, Is.EqualTo(StunTransactionId.Read(Rfc5769Vectors.TransactionId)));
        Assert.That(message.TryGetUsername(out var username), Is.True);
        Assert.That(Encoding.UTF8.GetString(username), Is.EqualTo("evtj:h6vY"));
        Assert.That(message.TryGetAttribute(StunAttributeType.Software, out var software), Is.True);
        Assert.That(Encoding.UTF8.GetString(software), Is.EqualTo("STUN test client"));
        Assert.That(message.TryGetPriority(out uint priority) ? priority : 0, Is.EqualTo(0x6e0001ffu));
        Assert.That(message.TryGetIceControlled(out ulong tieBreaker) ? tieBreaker : 0, Is.EqualTo(0x932ff9b151263b36ul));
        Assert.That(message.TryGetIceControlling(out _), Is.False);
        Assert.That(message.HasUseCandidate, Is.False);
        Assert.That(message.UnknownComprehensionRequired, Is.Null);
        Assert.That(message.CheckMessageIntegrity(key), Is.True);
        Assert.That(message.CheckMessageIntegrity(wrongKey), Is.False);
        Assert.That(message.CheckFingerprint(), Is.True);
    }

    [Test]
    public void Rfc5769_2_2_SampleIPv4Response_ParsesAndVerifies()
    {
        using var key = Key();

        Assert.That(StunMessage.TryParse(Rfc5769Vectors.SampleIPv4Response, out var message), Is.True);

        Assert.That(message.Class, Is.EqualTo(StunClass.SuccessResponse));
        Assert.That(message.TryGetXorMappedAddress(out var mapped), Is.True);
        Assert.That(mapped, Is.EqualTo(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853)));
        Assert.That(message.CheckMessageIntegrity(key), Is.True);
        Assert.That(message.CheckFingerprint(), Is.True);
    }

    [Test]
    public void Rfc5769_2_3_SampleIPv6Response_ParsesAndVerifies()
    {
        using var key = Key();

        Assert.That(StunMessage.TryParse(Rfc5769Vectors.SampleIPv6Response, out var message), Is.True);

        Assert.That(message.TryGetXorMappedAddress(out var mapped), Is.True);
        Assert.That(mapped, Is.EqualTo(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853)));
        Assert.That(message.CheckMessageIntegrity(key), Is.True);
        Assert.That(message.CheckFingerprint(), Is.True);
    }

    // The vectors pad with spaces and our writer with zeros, so whole messages cannot match byte for byte;
    // the XOR-MAPPED-ADDRESS values can, and the rest must verify.
    [TestCase("192.0.2.1", "00 01 a1 47 e1 12 a6 43")]
    [TestCase("2001:db8:1234:5678:11:2233:4455:6677", "00 02 a1 47 01 13 a9 fa a5 d3 f1 79 bc 25 f4 b5 be d2 b9 d9")]
    public void Rfc5769_WriterReproducesTheXorMappedAddressAndIntegrity(string address, string expectedValue)
    {
        using var key = Key();
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunClass.SuccessResponse, StunMethod.Binding,
            StunTransactionId.Read(Rfc5769Vectors.TransactionId));
        writer.AddAttribute(StunAttributeType.Software, "test vector"u8);
        writer.AddXorMappedAddress(new IPEndPoint(IPAddress.Parse(address), 32853));
        writer.AddMessageIntegrity(key);
        writer.AddFingerprint();

        Assert.That(writer.TryComplete(out int written), Is.True);
        Assert.That(StunMessage.TryParse(buffer.AsSpan(0, written), out var message), Is.True);
        Assert.That(message.TryGetAttribute(StunAttributeType.XorMappedAddress, out var value), Is.True);
        Assert.That(value.ToArray(), Is.EqualTo(Rfc5769Vectors.Hex(expectedValue)));
        Assert.That(message.CheckMessageIntegrity(key), Is.True);
        Assert.That(message.CheckFingerprint(), Is.True);
    }

    [Test]
    public void Crc32_MatchesTheStandardCheckValue()
    {
        Assert.That(StunFingerprint.Crc32("123456789"u8), Is.EqualTo(0xCBF43926u));
    }
}
