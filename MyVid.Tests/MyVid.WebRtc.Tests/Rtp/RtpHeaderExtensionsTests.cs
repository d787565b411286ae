using System.Text;
using MyVid.WebRtc.Rtp;

namespace MyVid.WebRtc.Tests.Rtp;

public sealed class RtpHeaderExtensionsTests
{
    [Test]
    public void Rfc8285_one_byte_elements_are_written_and_found()
    {
        var block = new byte[64];
        var writer = new RtpExtensionWriter(block);
        Assert.That(writer.TryAddAbsSendTime(3, 0x123456), Is.True);
        Assert.That(writer.TryAddTransportSequenceNumber(5, 0xBEEF), Is.True);
        Assert.That(writer.TryAddMid(9, "video0"), Is.True);
        Assert.That(writer.TryFinish(out var written), Is.True);
        var packet = WrapInPacket(block.AsSpan(0, written));

        Assert.That(written % 4, Is.Zero);
        Assert.That(RtpHeader.TryParse(packet, out var header), Is.True);
        Assert.That(header.ExtensionProfile, Is.EqualTo(RtpExtensionEnumerator.OneByteProfile));
        Assert.That(header.TryGetExtension(3, out var abs) && AbsSendTime.Read(abs) == 0x123456, Is.True);
        Assert.That(header.TryGetExtension(5, out var twcc) && twcc.SequenceEqual(new byte[] { 0xBE, 0xEF }), Is.True);
        Assert.That(header.TryGetExtension(9, out var mid) && Encoding.ASCII.GetString(mid) == "video0", Is.True);
        Assert.That(header.TryGetExtension(4, out _), Is.False);
    }

    [Test]
    public void Rfc8285_one_byte_elements_are_read_across_padding_bytes()
    {
        // id 1 len 1, a padding byte, id 2 len 2, a padding byte.
        byte[] block = [0xBE, 0xDE, 0x00, 0x02, 0x10, 0xAA, 0x00, 0x21, 0xBB, 0xCC, 0x00, 0x00];
        var ids = new List<byte>();
        Assert.That(RtpHeader.TryParse(WrapInPacket(block), out var header), Is.True);
        foreach (var extension in header.Extensions)
        {
            ids.Add(extension.Id);
        }

        Assert.That(ids, Is.EqualTo(new byte[] { 1, 2 }));
        Assert.That(header.TryGetExtension(2, out var data) && data.SequenceEqual(new byte[] { 0xBB, 0xCC }), Is.True);
    }

    [Test]
    public void Rfc8285_two_byte_elements_allow_big_ids_and_empty_data()
    {
        var block = new byte[64];
        var writer = new RtpExtensionWriter(block, twoByte: true);
        Assert.That(writer.TryAdd(200, [1, 2, 3]), Is.True);
        Assert.That(writer.TryAdd(17, []), Is.True);
        Assert.That(writer.TryFinish(out var written), Is.True);

        Assert.That(RtpHeader.TryParse(WrapInPacket(block.AsSpan(0, written)), out var header), Is.True);
        Assert.That(header.ExtensionProfile, Is.EqualTo(RtpExtensionEnumerator.TwoByteProfile));
        var ids = new List<byte>();
        foreach (var extension in header.Extensions)
        {
            ids.Add(extension.Id);
        }

        Assert.That(ids, Is.EqualTo(new byte[] { 200, 17 }));
        Assert.That(header.TryGetExtension(200, out var data) && data.SequenceEqual(new byte[] { 1, 2, 3 }), Is.True);
    }

    [Test]
    public void One_byte_form_refuses_ids_above_14()
    {
        var writer = new RtpExtensionWriter(new byte[16]);
        Assert.That(writer.TryAdd(15, [1]), Is.False);
    }

    [Test]
    public void Element_overrunning_the_block_ends_the_walk()
    {
        // id 1 claims 4 bytes but only 3 follow in the one-word block.
        byte[] block = [0xBE, 0xDE, 0x00, 0x01, 0x13, 0xAA, 0xBB, 0xCC];
        Assert.That(RtpHeader.TryParse(WrapInPacket(block), out var header), Is.True);
        Assert.That(header.TryGetExtension(1, out _), Is.False);
    }

    [Test]
    public void Ids_are_remapped_in_place_and_values_rewritten()
    {
        var packet = OneByteAbsSendTimeAndTransportSequence();
        var map = new byte[16];
        map[3] = 2;
        map[5] = 8;

        Assert.That(RtpHeaderExtensions.TryRemapIds(packet, map), Is.True);
        Assert.That(RtpHeaderExtensions.TryGetExtension(packet, 8, out var twcc), Is.True);
        twcc[0] = 0x01;
        twcc[1] = 0x02;

        Assert.That(RtpHeader.TryParse(packet, out var header), Is.True);
        Assert.That(header.TryGetExtension(3, out _), Is.False);
        Assert.That(header.TryGetExtension(2, out var abs) && AbsSendTime.Read(abs) == 1, Is.True);
        Assert.That(header.TryGetExtension(8, out var seq) && seq.SequenceEqual(new byte[] { 1, 2 }), Is.True);
    }

    [Test]
    public void Remapping_to_an_id_the_one_byte_form_cannot_hold_changes_nothing()
    {
        var packet = OneByteAbsSendTimeAndTransportSequence();
        var before = (byte[])packet.Clone();
        var map = new byte[16];
        map[3] = 4;
        map[5] = 20;

        Assert.That(RtpHeaderExtensions.TryRemapIds(packet, map), Is.False);
        Assert.That(packet, Is.EqualTo(before));
    }

    [Test]
    public void Abs_send_time_is_6_18_fixed_point_seconds_modulo_64()
    {
        Assert.That(AbsSendTime.FromTicks(TimeSpan.FromSeconds(1.5).Ticks), Is.EqualTo(0x60000u));
        Assert.That(AbsSendTime.FromTicks(TimeSpan.FromSeconds(65).Ticks), Is.EqualTo(0x40000u));
    }

    private static byte[] OneByteAbsSendTimeAndTransportSequence()
    {
        var block = new byte[16];
        var writer = new RtpExtensionWriter(block);
        writer.TryAddAbsSendTime(3, 1);
        writer.TryAddTransportSequenceNumber(5, 1);
        writer.TryFinish(out var written);
        return WrapInPacket(block.AsSpan(0, written));
    }

    private static byte[] WrapInPacket(ReadOnlySpan<byte> extensionBlock)
    {
        var packet = new byte[12 + extensionBlock.Length + 4];
        packet[0] = 0x90;
        packet[1] = 96;
        extensionBlock.CopyTo(packet.AsSpan(12));
        return packet;
    }
}
