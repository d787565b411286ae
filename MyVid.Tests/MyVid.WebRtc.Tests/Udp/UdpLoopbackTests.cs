using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using MyVid.WebRtc.Dtls;
using MyVid.WebRtc.Peer;
using MyVid.WebRtc.Sdp;

namespace MyVid.WebRtc.Tests.Udp;

/// <summary>A client and a server connection of ours over real UDP sockets on 127.0.0.1, each on its own driver.</summary>
public sealed class UdpLoopbackTests
{
    [Test]
    public void Client_and_server_connect_over_udp_and_the_server_echoes_rtp()
    {
        var settings = new PeerSettings(DtlsCertificate.Create(DateTimeOffset.UtcNow));
        using var serverDriver = new UdpPeerDriver(new IPEndPoint(IPAddress.Loopback, 0));
        using var clientDriver = new UdpPeerDriver(new IPEndPoint(IPAddress.Loopback, 0));
        var server = PeerConnection.CreateServer(settings);
        var client = PeerConnection.CreateClient(settings, clientDriver.LocalEndPoint);
        server.AddHostCandidate(serverDriver.LocalEndPoint);
        var track = new OfferedTrack(MediaKind.Video, new SendTrack(42, "c", new Msid("s", "t"))) { Mid = "0" };
        track.Codecs.Add(new RtpCodec(96, "VP8", 90000));
        var offer = SdpParser.Parse(SdpWriter.Write(server.CreateOffer(SdpOrigin.Anonymous("1", 1), [track])));
        Assert.That(client.TryAcceptOffer(offer, LocalCapabilities.CreateDefault(), SdpOrigin.Anonymous("2", 1), null, out var answer, out var error), Is.True, error);
        Assert.That(server.TryAcceptAnswer(SdpParser.Parse(SdpWriter.Write(answer!)), out error), Is.True, error);
        serverDriver.OnRtp = static (driver, buffer, length) => driver.SendRtp(buffer, length);
        serverDriver.Start(server);
        clientDriver.Start(client);

        Assert.That(Wait(() => clientDriver.Has(PeerEventKind.DtlsConnected) && serverDriver.Has(PeerEventKind.DtlsConnected)), Is.True,
            () => $"connected: client [{string.Join(", ", clientDriver.Events)}], server [{string.Join(", ", serverDriver.Events)}]");
        // The client's connection is driven on its thread: send through the driver's loop by echoing a first packet.
        var packet = new byte[12 + 20 + 16];
        packet[0] = 0x80;
        packet[1] = 96;
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 7);
        int echoed = 0;
        clientDriver.OnRtp = (_, buffer, length) => Interlocked.Increment(ref echoed);
        clientDriver.Post(driver => driver.SendRtp(packet, 32));

        Assert.That(Wait(() => Volatile.Read(ref echoed) == 1), Is.True, "the server echoed the packet back");
        Assert.That(serverDriver.RtpReceived, Is.EqualTo(1));
    }

    private static bool Wait(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (condition())
            {
                return true;
            }

            Thread.Sleep(10);
        }

        return false;
    }
}
