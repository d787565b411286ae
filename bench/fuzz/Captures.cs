using System.Buffers.Binary;
using System.Net;
using System.Text;
using MyVid.WebRtc.Ice;
using MyVid.WebRtc.Rtcp;
using MyVid.WebRtc.Rtp;
using MyVid.WebRtc.Stun;

namespace MyVid.WebRtc.Fuzzing;

/// <summary>
/// Packets shaped like what Chromium sends an SFU, written with the library's own writers: the fuzz seeds and the
/// benchmark inputs. Header extension ids follow Chromium's usual offer (1 audio level, 2 abs-send-time,
/// 3 transport-cc, 4 mid).
/// </summary>
public static class Captures
{
    public const byte MidId = 4;
    public const byte AbsSendTimeId = 2;
    public const byte TransportCcId = 3;
    public const uint VideoSsrc = 0x1A2B3C4D;
    public const uint AudioSsrc = 0x0BADCAFE;

    public static IceCredentials ServerIce { get; } = new("myvidsrv", "0123456789abcdefghijklmn");

    public static IceCredentials BrowserIce { get; } = new("Xk3q", "Jq8zW2p0vXy7Hk1cLmN4rT9b");

    public static IPEndPoint BrowserEndPoint { get; } = new(IPAddress.Parse("192.0.2.33"), 51234);

    /// <summary>A browser's consent or nomination check to the server (RFC 8445 §7.2.2), as Chromium writes it.</summary>
    public static byte[] BindingRequest(ulong transactionSeed, bool useCandidate)
    {
        Span<byte> id = stackalloc byte[StunTransactionId.Length];
        BinaryPrimitives.WriteUInt64BigEndian(id, transactionSeed);
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, StunTransactionId.Read(id));
        writer.AddUsername(Encoding.UTF8.GetBytes($"{ServerIce.Ufrag}:{BrowserIce.Ufrag}"));
        writer.AddAttribute((StunAttributeType)0xC057, [0x00, 0x01, 0x00, 0x0A]); // GOOG-NETWORK-INFO
        writer.AddIceControlling(0x5EED_F00D_0000_0001);
        if (useCandidate)
        {
            writer.AddUseCandidate();
        }

        writer.AddPriority(IceCandidate.ComputePriority(IceCandidateType.PeerReflexive, 65535, 1));
        using (var key = StunIntegrityKey.ForShortTermPassword(ServerIce.Password))
        {
            writer.AddMessageIntegrity(key);
        }

        writer.AddFingerprint();
        return Complete(writer, buffer);
    }

    /// <summary>STUN seeds: checks, success responses (IPv4, IPv6), a role-conflict error.</summary>
    public static IReadOnlyList<byte[]> StunMessages()
    {
        var messages = new List<byte[]> { BindingRequest(1, true), BindingRequest(2, false) };
        var id = StunTransactionId.Read(BindingRequest(3, false).AsSpan(8));
        using var key = StunIntegrityKey.ForShortTermPassword(BrowserIce.Password);
        foreach (var endPoint in new[] { BrowserEndPoint, new IPEndPoint(IPAddress.Parse("2001:db8::7"), 3478) })
        {
            var buffer = new byte[256];
            var writer = new StunMessageWriter(buffer, StunClass.SuccessResponse, StunMethod.Binding, id);
            writer.AddXorMappedAddress(endPoint);
            writer.AddMessageIntegrity(key);
            writer.AddFingerprint();
            messages.Add(Complete(writer, buffer));
        }

        var error = new byte[256];
        var errorWriter = new StunMessageWriter(error, StunClass.ErrorResponse, StunMethod.Binding, id);
        errorWriter.AddErrorCode(487, "Role Conflict"u8);
        errorWriter.AddMessageIntegrity(key);
        errorWriter.AddFingerprint();
        messages.Add(Complete(errorWriter, error));
        return messages;
    }

    /// <summary>
    /// A VP8 key frame start of <paramref name="length"/> bytes: header with mid, abs-send-time and transport-cc
    /// (one-byte form), a descriptor with a 15-bit picture id, TL0PICIDX and TID, then the key frame header.
    /// </summary>
    public static byte[] Vp8Packet(int length, ushort sequenceNumber = 1000, bool twoByteExtensions = false)
    {
        Span<byte> extensions = stackalloc byte[64];
        var writer = new RtpExtensionWriter(extensions, twoByteExtensions);
        writer.TryAddMid(MidId, "0");
        writer.TryAddAbsSendTime(AbsSendTimeId, 0x12_3456);
        writer.TryAddTransportSequenceNumber(TransportCcId, 77);
        writer.TryFinish(out var extensionLength);
        byte[] descriptor = [0x90, 0xE0, 0x80 | 0x12, 0x34, 0x05, 0x40, 0x50, 0x01, 0x00, 0x9D, 0x01, 0x2A, 0x80, 0x02, 0xE0, 0x01];
        return RtpPacket(96, sequenceNumber, 90_000, VideoSsrc, extensions[..extensionLength], descriptor, length);
    }

    /// <summary>RTP seeds: VP8 key and delta frames, H.264 single NAL, STAP-A and FU-A, Opus, CSRCs and padding.</summary>
    public static IReadOnlyList<byte[]> RtpPackets()
    {
        Span<byte> extensions = stackalloc byte[64];
        var audio = new RtpExtensionWriter(extensions);
        audio.TryAdd(1, [0x80 | 0x28]); // audio level, voice activity
        audio.TryAddMid(MidId, "1");
        audio.TryFinish(out var audioExtensionLength);
        var padded = RtpPacket(96, 7, 3000, VideoSsrc, [], [0x10, 0x00, 0x00], 40);
        padded[0] |= 0x20;
        padded[^1] = 4;
        var withCsrcs = RtpPacket(111, 8, 960, AudioSsrc, [], [0x78, 0x01, 0x02], 60);
        return
        [
            Vp8Packet(200),
            Vp8Packet(120, twoByteExtensions: true),
            RtpPacket(96, 1001, 93_000, VideoSsrc, [], [0x80, 0x80, 0x81, 0x02, 0x31, 0x22, 0x00], 300), // delta
            RtpPacket(102, 5, 180_000, VideoSsrc, [], [0x65, 0x88, 0x84, 0x00], 100), // IDR slice
            RtpPacket(102, 6, 180_000, VideoSsrc, [],
                [0x78, 0x00, 0x0A, 0x67, 0x42, 0xE0, 0x1F, 0xDA, 0x01, 0x40, 0x16, 0xE8, 0x40, 0x00, 0x04, 0x68, 0xCE, 0x3C, 0x80], 60), // STAP-A SPS+PPS
            RtpPacket(102, 7, 180_000, VideoSsrc, [], [0x7C, 0x85, 0x88, 0x84], 900), // FU-A start of an IDR
            RtpPacket(111, 2000, 48_000, AudioSsrc, extensions[..audioExtensionLength], [0x78, 0xAB, 0xCD], 120), // Opus
            padded,
            WithCsrcs(withCsrcs, [0x11111111, 0x22222222]),
        ];
    }

    /// <summary>SR with one report block followed by an SDES CNAME: what a sender's periodic RTCP looks like.</summary>
    public static byte[] SenderReportWithSdes()
    {
        var buffer = new byte[256];
        var block = new ReportBlock(AudioSsrc, 12, 34, 0x0001_0203, 17, 0x1234_5678, 0x0000_8000);
        SenderReport.TryWrite(buffer, new SenderInfo(VideoSsrc, 0xE8F0_1234_5678_9ABC, 90_000, 1234, 1_234_567), [block], out var sr);
        SourceDescription.TryWriteCname(buffer.AsSpan(sr), VideoSsrc, "vK9yq1tZ3m+8w0aB"u8, out var sdes);
        return buffer[..(sr + sdes)];
    }

    /// <summary>A NACK for <paramref name="lost"/> sequence numbers from the viewer, as its own packet.</summary>
    public static byte[] Nack(ReadOnlySpan<ushort> lost)
    {
        var buffer = new byte[GenericNack.GetByteCount(lost)];
        GenericNack.TryWrite(buffer, AudioSsrc, VideoSsrc, lost, out _);
        return buffer;
    }

    /// <summary>RTCP seeds: every type the library reads, alone and in compounds.</summary>
    public static IReadOnlyList<byte[]> RtcpPackets()
    {
        var buffer = new byte[512];
        var packets = new List<byte[]> { SenderReportWithSdes(), Nack([100, 101, 105, 117, 300, 65535, 2]) };
        var block = new ReportBlock(VideoSsrc, 3, -2, 0x0002_FFFF, 40, 0x5678_9ABC, 0x0001_0000);
        ReceiverReport.TryWrite(buffer, AudioSsrc, [block, block with { Ssrc = AudioSsrc }], out var rr);
        var pli = new PictureLossIndication(AudioSsrc, VideoSsrc);
        pli.TryWrite(buffer.AsSpan(rr), out var pliLength);
        packets.Add(buffer[..(rr + pliLength)]);
        FullIntraRequest.TryWrite(buffer, AudioSsrc, [new FirEntry(VideoSsrc, 3), new FirEntry(AudioSsrc, 9)], out var fir);
        packets.Add(buffer[..fir]);
        ReceiverEstimatedMaximumBitrate.TryWrite(buffer, AudioSsrc, 2_500_000, [VideoSsrc, AudioSsrc], out var remb);
        Goodbye.TryWrite(buffer.AsSpan(remb), [VideoSsrc], "leaving"u8, out var bye);
        packets.Add(buffer[..(remb + bye)]);
        packets.Add(TransportWideCc);
        return packets;
    }

    /// <summary>Transport-wide CC feedback (there is no writer): a run-length chunk and a two-bit status vector.</summary>
    public static byte[] TransportWideCc { get; } =
    [
        0x8F, 0xCD, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02,
        0x00, 0x64, 0x00, 0x0A, 0xFF, 0xFF, 0xFE, 0x07, 0x20, 0x03, 0xE1, 0x46,
        0x04, 0x08, 0x0C, 0xFF, 0xF6, 0x01, 0x02, 0x03, 0x01, 0x00, 0x00, 0x00,
    ];

    /// <summary>Candidate lines as Chromium and Firefox write them.</summary>
    public static IReadOnlyList<string> CandidateLines { get; } =
    [
        "candidate:3967421371 1 udp 2122260223 192.168.1.20 54400 typ host generation 0 ufrag Xk3q network-id 1 network-cost 10",
        "a=candidate:842163049 1 udp 1686052607 203.0.113.7 61000 typ srflx raddr 192.168.1.20 rport 54400 generation 0 ufrag Xk3q network-id 1",
        "candidate:1 1 UDP 2122252543 6c3b1c4e-2bd1-4f4e-9f8b-2b1c1d6e8f00.local 50001 typ host",
        "candidate:2 1 TCP 2105524479 10.0.0.5 9 typ host tcptype active",
        "candidate:3 1 udp 41819903 198.51.100.4 3478 typ relay raddr 0.0.0.0 rport 0 generation 0",
        "candidate:4 2 udp 2122194687 2001:db8::42 54402 typ host generation 1",
    ];

    /// <summary>SDP a=fingerprint values in the hash functions browsers and servers use.</summary>
    public static IReadOnlyList<string> Fingerprints { get; } =
    [
        "sha-256 " + string.Join(':', Enumerable.Range(0, 32).Select(i => (i * 7 % 256).ToString("X2", System.Globalization.CultureInfo.InvariantCulture))),
        "SHA-1 " + string.Join(':', Enumerable.Range(0, 20).Select(i => (255 - i).ToString("x2", System.Globalization.CultureInfo.InvariantCulture))),
        "sha-384 " + string.Join(':', Enumerable.Repeat("AB", 48)),
    ];

    /// <summary>The start of a DTLS 1.2 ClientHello record (RFC 6347 §4.1): what demultiplexing looks at.</summary>
    public static byte[] DtlsClientHello { get; } =
    [
        0x16, 0xFE, 0xFD, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x30,
        0x01, 0x00, 0x00, 0x24, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x24, 0xFE, 0xFD,
    ];

    public static byte[] RtpPacket(
        byte payloadType, ushort sequenceNumber, uint timestamp, uint ssrc, ReadOnlySpan<byte> extension,
        ReadOnlySpan<byte> payloadStart, int length)
    {
        var packet = new byte[length];
        packet[0] = (byte)(0x80 | (extension.IsEmpty ? 0 : 0x10));
        RtpHeader.SetPayloadType(packet, payloadType);
        RtpHeader.SetSequenceNumber(packet, sequenceNumber);
        RtpHeader.SetTimestamp(packet, timestamp);
        RtpHeader.SetSsrc(packet, ssrc);
        extension.CopyTo(packet.AsSpan(RtpHeader.FixedLength));
        var payload = packet.AsSpan(RtpHeader.FixedLength + extension.Length);
        payloadStart.CopyTo(payload);
        for (var i = payloadStart.Length; i < payload.Length; i++)
        {
            payload[i] = (byte)(i * 31);
        }

        return packet;
    }

    private static byte[] WithCsrcs(byte[] packet, ReadOnlySpan<uint> csrcs)
    {
        var result = new byte[packet.Length + (4 * csrcs.Length)];
        packet.AsSpan(0, RtpHeader.FixedLength).CopyTo(result);
        result[0] = (byte)((result[0] & 0xF0) | csrcs.Length);
        for (var i = 0; i < csrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(result.AsSpan(RtpHeader.FixedLength + (4 * i)), csrcs[i]);
        }

        packet.AsSpan(RtpHeader.FixedLength).CopyTo(result.AsSpan(RtpHeader.FixedLength + (4 * csrcs.Length)));
        return result;
    }

    private static byte[] Complete(StunMessageWriter writer, byte[] buffer) =>
        writer.TryComplete(out var written) ? buffer[..written] : throw new InvalidOperationException("STUN seed overflow");
}
