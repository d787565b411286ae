using System.Buffers.Binary;
using System.Net;
using MyVid.WebRtc.Stun;

namespace MyVid.WebRtc.Tests.Stun;

public class StunMessageTests
{
    private static readonly StunTransactionId Id = StunTransactionId.Read(Rfc5769Vectors.TransactionId);

    [Test]
    public void RoundTrip_IceRequestAttributes()
    {
        using var key = StunIntegrityKey.ForShortTermPassword("pass");
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, Id);
        writer.AddUsername("abcd:efgh"u8);
        writer.AddPriority(1_853_817_087);
        writer.AddUseCandidate();
        writer.AddIceControlling(0x0102030405060708);
        writer.AddMessageIntegrity(key);
        writer.AddFingerprint();
        Assert.That(writer.TryComplete(out int written), Is.True);

        Assert.That(StunMessage.TryParse(buffer.AsSpan(0, written), out var message), Is.True);
        Assert.That(message.Class, Is.EqualTo(StunClass.Request));
        Assert.That(message.TransactionId, Is.EqualTo(Id));
        Assert.That(message.TryGetUsername(out var username) && username.SequenceEqual("abcd:efgh"u8), Is.True);
        Assert.That(message.TryGetPriority(out uint priority) ? priority : 0, Is.EqualTo(1_853_817_087u));
        Assert.That(message.HasUseCandidate, Is.True);
        Assert.That(message.TryGetIceControlling(out ulong tieBreaker) ? tieBreaker : 0, Is.EqualTo(0x0102030405060708ul));
        Assert.That(message.CheckMessageIntegrity(key), Is.True);
        Assert.That(message.CheckFingerprint(), Is.True);
    }

    [Test]
    public void RoundTrip_ErrorResponse()
    {
        var buffer = new byte[64];
        var writer = new StunMessageWriter(buffer, StunClass.ErrorResponse, StunMethod.Binding, Id);
        writer.AddErrorCode(487, "Role Conflict"u8);
        writer.AddFingerprint();
        Assert.That(writer.TryComplete(out int written), Is.True);

        Assert.That(StunMessage.TryParse(buffer.AsSpan(0, written), out var message), Is.True);
        Assert.That(message.Class, Is.EqualTo(StunClass.ErrorResponse));
        Assert.That(message.TryGetErrorCode(out int code, out var reason), Is.True);
        Assert.That(code, Is.EqualTo(487));
        Assert.That(reason.SequenceEqual("Role Conflict"u8), Is.True);
        Assert.That(message.CheckFingerprint(), Is.True);
    }

    [Test]
    public void RoundTrip_IPv4MappedIPv6SourceIsWrittenAsIPv4()
    {
        var buffer = new byte[64];
        var writer = new StunMessageWriter(buffer, StunClass.SuccessResponse, StunMethod.Binding, Id);
        writer.AddXorMappedAddress(new IPEndPoint(IPAddress.Parse("::ffff:10.1.2.3"), 5000));
        Assert.That(writer.TryComplete(out int written), Is.True);

        Assert.That(StunMessage.TryParse(buffer.AsSpan(0, written), out var message), Is.True);
        Assert.That(message.TryGetXorMappedAddress(out var mapped), Is.True);
        Assert.That(mapped, Is.EqualTo(new IPEndPoint(IPAddress.Parse("10.1.2.3"), 5000)));
    }

    [Test]
    public void Writer_ReportsOverflowInsteadOfThrowing()
    {
        var buffer = new byte[30];
        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, Id);
        writer.AddUsername("a-username-longer-than-the-room-left"u8);
        writer.AddFingerprint();

        Assert.That(writer.TryComplete(out int written), Is.False);
        Assert.That(written, Is.Zero);
        Assert.That(new StunMessageWriter(new byte[10], StunClass.Request, StunMethod.Binding, Id).TryComplete(out _), Is.False);
    }

    [Test]
    public void UnknownAttributes_AreSkipped_AndComprehensionRequiredOnesReported()
    {
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, Id);
        writer.AddAttribute((StunAttributeType)0xC057, [0, 1, 0, 10]); // GOOG-NETWORK-INFO: optional
        writer.AddAttribute((StunAttributeType)0x0033, [1, 2, 3]);
        writer.AddPriority(7);
        Assert.That(writer.TryComplete(out int written), Is.True);

        Assert.That(StunMessage.TryParse(buffer.AsSpan(0, written), out var message), Is.True);
        Assert.That(message.UnknownComprehensionRequired, Is.EqualTo((StunAttributeType)0x0033));
        Assert.That(message.TryGetPriority(out uint priority) ? priority : 0, Is.EqualTo(7u));
    }

    [Test]
    public void AttributesAfterMessageIntegrity_AreIgnored()
    {
        using var key = StunIntegrityKey.ForShortTermPassword("pass");
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, Id);
        writer.AddMessageIntegrity(key);
        writer.AddPriority(7);
        writer.AddFingerprint();
        Assert.That(writer.TryComplete(out int written), Is.True);

        Assert.That(StunMessage.TryParse(buffer.AsSpan(0, written), out var message), Is.True);
        Assert.That(message.TryGetPriority(out _), Is.False);
        Assert.That(message.CheckMessageIntegrity(key), Is.True);
        Assert.That(message.CheckFingerprint(), Is.True);
    }

    [Test]
    public void Malformed_TruncatedAtEveryLength_ReturnsFalse()
    {
        var request = Rfc5769Vectors.SampleRequest;
        for (int length = 0; length < request.Length; length++)
        {
            Assert.That(StunMessage.TryParse(request.AsSpan(0, length), out _), Is.False, $"length {length}");
        }
    }

    [TestCase(2, 0x00, 0x5C, TestName = "Malformed_LengthFieldTooLong")]
    [TestCase(2, 0x00, 0x54, TestName = "Malformed_LengthFieldTooShort")]
    [TestCase(2, 0x00, 0x59, TestName = "Malformed_LengthNotMultipleOfFour")]
    [TestCase(4, 0x21, 0x13, TestName = "Malformed_BadMagicCookie")]
    [TestCase(0, 0xC0, 0x01, TestName = "Malformed_TopBitsSet")]
    [TestCase(62, 0x00, 0xFF, TestName = "Malformed_AttributeLengthPastTheEnd")]
    [TestCase(102, 0x00, 0x05, TestName = "Malformed_FingerprintWithWrongLength")]
    [TestCase(78, 0x00, 0x10, TestName = "Malformed_MessageIntegrityWithWrongLength")]
    public void Malformed_ReturnsFalse(int offset, byte first, byte second)
    {
        var request = (byte[])Rfc5769Vectors.SampleRequest.Clone();
        request[offset] = first;
        request[offset + 1] = second;

        Assert.That(StunMessage.TryParse(request, out _), Is.False);
    }

    [Test]
    public void Malformed_AttributeAfterFingerprint_ReturnsFalse()
    {
        var request = new byte[Rfc5769Vectors.SampleRequest.Length + 8];
        Rfc5769Vectors.SampleRequest.CopyTo(request, 0);
        BinaryPrimitives.WriteUInt16BigEndian(request.AsSpan(2), (ushort)(request.Length - StunMessage.HeaderLength));
        BinaryPrimitives.WriteUInt16BigEndian(request.AsSpan(request.Length - 8), (ushort)StunAttributeType.Priority);
        BinaryPrimitives.WriteUInt16BigEndian(request.AsSpan(request.Length - 6), 4);

        Assert.That(StunMessage.TryParse(request, out _), Is.False);
    }

    [Test]
    public void CorruptedBytes_NeverThrow_AndNeverPassIntegrity()
    {
        using var key = StunIntegrityKey.ForShortTermPassword(Rfc5769Vectors.Password);
        var random = new Random(5769);
        var request = new byte[Rfc5769Vectors.SampleRequest.Length];
        for (int i = 0; i < 2000; i++)
        {
            Rfc5769Vectors.SampleRequest.CopyTo(request, 0);
            int index = random.Next(request.Length);
            request[index] ^= (byte)random.Next(1, 256);
            if (StunMessage.TryParse(request, out var message))
            {
                Assert.That(message.CheckMessageIntegrity(key) && message.CheckFingerprint(), Is.False, $"byte {index}");
            }
        }
    }

    [Test]
    public void ParseCheckAndWrite_AllocateNothing()
    {
        using var key = StunIntegrityKey.ForShortTermPassword(Rfc5769Vectors.Password);
        var source = new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853);
        var buffer = new byte[256];
        ParseCheckAndWrite(key, source, buffer);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            ParseCheckAndWrite(key, source, buffer);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    private static void ParseCheckAndWrite(StunIntegrityKey key, IPEndPoint source, byte[] buffer)
    {
        if (!StunMessage.TryParse(Rfc5769Vectors.SampleRequest, out var request)
            || !request.CheckMessageIntegrity(key) || !request.CheckFingerprint() || !request.TryGetUsername(out _))
        {
            Assert.Fail("sample request did not verify");
        }

        var writer = new StunMessageWriter(buffer, StunClass.SuccessResponse, StunMethod.Binding, request.TransactionId);
        writer.AddXorMappedAddress(source);
        writer.AddMessageIntegrity(key);
        writer.AddFingerprint();
        writer.TryComplete(out _);
    }
}
