using System.Buffers.Binary;
using System.Text;
using MyVid.Media.Recording;
using MyVid.Media.Sessions;
using MyVid.WebRtc.Rtp;

namespace MyVid.Media.Tests.Recording;

/// <summary>The recording's small parts on the SFU side: RTX unwrapping and the LIVE message's <c>Record</c> switch.</summary>
public sealed class StreamRecordingTests
{
    [Test]
    public void An_rtx_packet_unwraps_into_the_original_payload_type_sequence_number_ssrc_and_payload()
    {
        // RTX (payload type 97, its own SSRC and sequence) carrying original sequence number 4660, then padding of 4 bytes.
        byte[] rtx = [0xA0, 97, 0x00, 0x07, 0, 0, 0x0B, 0xB8, 0xDE, 0xAD, 0xBE, 0xEF, 0x12, 0x34, 1, 2, 3, 4, 5, 0, 0, 0, 4];
        Assert.That(RtpHeader.TryParse(rtx, out var header), Is.True);
        var output = new byte[64];

        var length = StreamRecording.UnwrapRtx(rtx, header.HeaderLength, header.Payload, 96, 0x01020304, output);

        Assert.That(RtpHeader.TryParse(output.AsSpan(0, length), out var original), Is.True);
        var (payloadType, sequence, ssrc, timestamp, padding, payload) = (original.PayloadType, original.SequenceNumber, original.Ssrc,
            original.Timestamp, original.HasPadding, original.Payload.ToArray());
        Assert.Multiple(() =>
        {
            Assert.That(payloadType, Is.EqualTo(96));
            Assert.That(sequence, Is.EqualTo(0x1234));
            Assert.That(ssrc, Is.EqualTo(0x01020304u));
            Assert.That(timestamp, Is.EqualTo(3000u), "the timestamp is the original's");
            Assert.That(padding, Is.False);
            Assert.That(payload, Is.EqualTo(new byte[] { 1, 2, 3, 4, 5 }));
        });
    }

    [Test]
    public void A_padding_only_rtx_probe_is_not_a_packet()
    {
        var probe = new byte[14];
        probe[0] = 0x80;
        probe[1] = 97;
        BinaryPrimitives.WriteUInt16BigEndian(probe.AsSpan(12), 7);
        Assert.That(RtpHeader.TryParse(probe, out var header), Is.True);
        Assert.That(StreamRecording.UnwrapRtx(probe, header.HeaderLength, header.Payload, 96, 1, new byte[64]), Is.Zero);
    }

    [TestCase("{\"type\":\"LIVE\",\"Title\":\"t\"}", true)]
    [TestCase("{\"type\":\"LIVE\",\"Title\":\"t\",\"Record\":true}", true)]
    [TestCase("{\"type\":\"LIVE\",\"Title\":\"t\",\"Record\":false}", false)]
    [TestCase("{\"type\":\"LIVE\",\"Title\":\"t\",\"record\":false}", false)]
    [TestCase("{\"type\":\"LIVE\",\"Title\":\"t\",\"Record\":\"no\"}", true)]
    public void LIVE_is_recorded_unless_it_says_Record_false(string json, bool recorded)
    {
        var message = SignalMessage.TryParse(Encoding.UTF8.GetBytes(json), out var error);
        Assert.That(error, Is.Null);
        Assert.That(message!.Record, Is.EqualTo(recorded));
    }
}
