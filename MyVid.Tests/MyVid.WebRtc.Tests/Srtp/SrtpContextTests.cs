using System.Buffers.Binary;
using MyVid.WebRtc.Srtp;

namespace MyVid.WebRtc.Tests.Srtp;

public sealed class SrtpContextTests
{
    private const uint Ssrc = 0x11223344;

    private static readonly SrtpProfile[] Profiles =
        [SrtpProfile.Aes128CmHmacSha1Tag80, SrtpProfile.AeadAes128Gcm, SrtpProfile.AeadAes256Gcm];

    /// <summary>28 bytes shaped like RTCP; SRTCP reads only the version and the SSRC of the first 8.</summary>
    private static readonly byte[] RtcpPacket =
    [
        0x81, 201, 0, 6, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0, 0, 0, 1,
        0, 0, 0x10, 0, 0, 0, 0, 5, 0, 0, 0, 0,
    ];

    [Test]
    public void Rfc5764_and_rfc7714_profile_ids_resolve_and_unknown_ones_do_not()
    {
        Assert.That(SrtpProfile.TryGet((SrtpProtectionProfile)0x0007, out var gcm) && gcm.KeyingMaterialLength == 56, Is.True);
        Assert.That(SrtpProfile.TryGet((SrtpProtectionProfile)0x0001, out var cm) && cm.RtcpOverhead == 14, Is.True);
        Assert.That(SrtpProfile.TryGet((SrtpProtectionProfile)0x0002, out _), Is.False, "the 32-bit tag profile is not supported");
    }

    [TestCaseSource(nameof(Profiles))]
    public void Rtp_round_trips_across_the_rollover_from_65535_to_0(SrtpProfile profile)
    {
        var (sender, receiver) = CreatePair(profile);
        using (sender)
        using (receiver)
        {
            foreach (var sequence in new ushort[] { 65533, 65534, 65535, 0, 1, 2 })
            {
                var packet = Protect(sender, sequence);
                Assert.That(receiver.TryUnprotectRtp(packet, out var length), Is.True, $"seq {sequence}");
                Assert.That(packet.AsSpan(0, length).ToArray(), Is.EqualTo(Rtp(sequence)), $"seq {sequence}");
            }
        }
    }

    [TestCaseSource(nameof(Profiles))]
    public void Rtp_ciphertext_depends_on_the_rollover_counter(SrtpProfile profile)
    {
        // The same sequence number before and after a wrap must not reuse the keystream.
        var (sender, receiver) = CreatePair(profile);
        using (sender)
        using (receiver)
        {
            var before = Protect(sender, 10);
            for (var sequence = 10_000; sequence <= 70_000; sequence += 10_000)
            {
                Protect(sender, (ushort)sequence);
            }

            var after = Protect(sender, 10);
            Assert.That(after, Is.Not.EqualTo(before));
        }
    }

    [TestCaseSource(nameof(Profiles))]
    public void Replayed_rtp_is_refused(SrtpProfile profile)
    {
        var (sender, receiver) = CreatePair(profile);
        using (sender)
        using (receiver)
        {
            var packet = Protect(sender, 100);
            var replay = (byte[])packet.Clone();
            Assert.That(receiver.TryUnprotectRtp(packet, out _), Is.True);
            Assert.That(receiver.TryUnprotectRtp(replay, out _), Is.False);
        }
    }

    [TestCaseSource(nameof(Profiles))]
    public void Tampered_rtp_is_refused_and_does_not_move_the_window(SrtpProfile profile)
    {
        var (sender, receiver) = CreatePair(profile);
        using (sender)
        using (receiver)
        {
            var packet = Protect(sender, 100);
            var genuine = (byte[])packet.Clone();
            packet[20] ^= 0x01;
            Assert.That(receiver.TryUnprotectRtp(packet, out _), Is.False);
            Assert.That(receiver.TryUnprotectRtp(genuine, out _), Is.True);
        }
    }

    [TestCaseSource(nameof(Profiles))]
    public void Out_of_order_rtp_within_the_window_is_accepted_and_too_old_is_refused(SrtpProfile profile)
    {
        var (sender, receiver) = CreatePair(profile, replayWindowSize: 64);
        using (sender)
        using (receiver)
        {
            var late = Protect(sender, 1000);
            var inWindow = Protect(sender, 1001);
            var newest = Protect(sender, 1064);

            Assert.That(receiver.TryUnprotectRtp(newest, out _), Is.True);
            Assert.That(receiver.TryUnprotectRtp(inWindow, out _), Is.True, "63 behind the newest is in a 64 window");
            Assert.That(receiver.TryUnprotectRtp(late, out _), Is.False, "64 behind is too old");
        }
    }

    [Test]
    public void Truncated_rtp_is_refused()
    {
        var (sender, receiver) = CreatePair(SrtpProfile.Aes128CmHmacSha1Tag80);
        using (sender)
        using (receiver)
        {
            Assert.That(receiver.TryUnprotectRtp(new byte[15], out _), Is.False);
            Assert.That(sender.TryProtectRtp(new byte[20], 20, out _), Is.False, "no room for the tag");
        }
    }

    [TestCaseSource(nameof(Profiles))]
    public void Rtcp_round_trips_and_replays_are_refused(SrtpProfile profile)
    {
        var (sender, receiver) = CreatePair(profile);
        using (sender)
        using (receiver)
        {
            var first = ProtectRtcp(sender);
            var second = ProtectRtcp(sender);
            var replay = (byte[])second.Clone();

            Assert.That(receiver.TryUnprotectRtcp(second, out var length), Is.True);
            Assert.That(second.AsSpan(0, length).ToArray(), Is.EqualTo(RtcpPacket));
            Assert.That(receiver.TryUnprotectRtcp(first, out _), Is.True, "an older index within the window");
            Assert.That(receiver.TryUnprotectRtcp(replay, out _), Is.False);
        }
    }

    [TestCaseSource(nameof(Profiles))]
    public void Tampered_rtcp_is_refused(SrtpProfile profile)
    {
        var (sender, receiver) = CreatePair(profile);
        using (sender)
        using (receiver)
        {
            var packet = ProtectRtcp(sender);
            packet[10] ^= 0x80;
            Assert.That(receiver.TryUnprotectRtcp(packet, out _), Is.False);
        }
    }

    [TestCaseSource(nameof(Profiles))]
    public void Dtls_keying_material_gives_each_side_the_other_sides_remote_context(SrtpProfile profile)
    {
        var material = new byte[profile.KeyingMaterialLength];
        for (var i = 0; i < material.Length; i++)
        {
            material[i] = (byte)(i * 7);
        }

        var client = SrtpKeyingMaterial.CreateContexts(profile, material, isDtlsClient: true);
        var server = SrtpKeyingMaterial.CreateContexts(profile, material, isDtlsClient: false);
        using (client.Local)
        using (client.Remote)
        using (server.Local)
        using (server.Remote)
        {
            var toServer = Protect(client.Local, 1);
            var toClient = Protect(server.Local, 1);
            var misdirected = Protect(client.Local, 2);

            Assert.That(server.Remote.TryUnprotectRtp(toServer, out _), Is.True);
            Assert.That(client.Remote.TryUnprotectRtp(toClient, out _), Is.True);
            Assert.That(client.Remote.TryUnprotectRtp(misdirected, out _), Is.False);
        }
    }

    [TestCaseSource(nameof(Profiles))]
    public void Protect_and_unprotect_allocate_nothing_after_warm_up(SrtpProfile profile)
    {
        var (sender, receiver) = CreatePair(profile);
        using (sender)
        using (receiver)
        {
            var buffer = new byte[1300];
            var rtcp = new byte[200];
            for (var i = 0; i < 2000; i++)
            {
                RoundTrip(sender, receiver, buffer, rtcp, (ushort)i);
            }

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 2000; i < 3000; i++)
            {
                RoundTrip(sender, receiver, buffer, rtcp, (ushort)i);
            }

            Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        }
    }

    private static void RoundTrip(SrtpContext sender, SrtpContext receiver, byte[] buffer, byte[] rtcp, ushort sequence)
    {
        WriteRtp(buffer, sequence);
        sender.TryProtectRtp(buffer, 1200, out var length);
        if (!receiver.TryUnprotectRtp(buffer.AsSpan(0, length), out _))
        {
            Assert.Fail("round trip failed");
        }

        RtcpPacket.CopyTo(rtcp, 0);
        sender.TryProtectRtcp(rtcp, 28, out length);
        if (!receiver.TryUnprotectRtcp(rtcp.AsSpan(0, length), out _))
        {
            Assert.Fail("RTCP round trip failed");
        }
    }

    private static (SrtpContext Sender, SrtpContext Receiver) CreatePair(SrtpProfile profile, int replayWindowSize = 128)
    {
        var key = new byte[profile.KeyLength];
        var salt = new byte[profile.SaltLength];
        Random.Shared.NextBytes(key);
        Random.Shared.NextBytes(salt);
        return (SrtpContext.Create(profile, key, salt, replayWindowSize), SrtpContext.Create(profile, key, salt, replayWindowSize));
    }

    private static byte[] Protect(SrtpContext context, ushort sequence)
    {
        var buffer = new byte[200];
        Rtp(sequence).CopyTo(buffer, 0);
        Assert.That(context.TryProtectRtp(buffer, 100, out var length), Is.True);
        return buffer[..length];
    }

    private static byte[] ProtectRtcp(SrtpContext context)
    {
        var buffer = new byte[100];
        RtcpPacket.CopyTo(buffer, 0);
        Assert.That(context.TryProtectRtcp(buffer, 28, out var length), Is.True);
        return buffer[..length];
    }

    private static byte[] Rtp(ushort sequence)
    {
        var packet = new byte[100];
        WriteRtp(packet, sequence);
        return packet;
    }

    private static void WriteRtp(Span<byte> packet, ushort sequence)
    {
        packet[0] = 0x80;
        packet[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], sequence * 3000u);
        BinaryPrimitives.WriteUInt32BigEndian(packet[8..], Ssrc);
        for (var i = 12; i < 100; i++)
        {
            packet[i] = (byte)i;
        }
    }
}
