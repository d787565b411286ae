using System.Buffers.Binary;
using System.Security.Cryptography;
using MyVid.WebRtc.Dtls;
using MyVid.WebRtc.Ice;
using MyVid.WebRtc.Peer;
using MyVid.WebRtc.Sdp;
using MyVid.WebRtc.Srtp;
using MyVid.WebRtc.Tests.Ice;

namespace MyVid.WebRtc.Tests.Peer;

public sealed class PeerConnectionTests
{
    private const uint ServerVideoSsrc = 0x1111;
    private const uint ServerAudioSsrc = 0x2222;
    private const uint ClientSsrc = 0x3333;
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan RealLimit = TimeSpan.FromSeconds(20);

    private static DtlsCertificate _serverCertificate = null!;
    private static DtlsCertificate _clientCertificate = null!;
    private readonly List<LinkEnd> _ends = [];

    [OneTimeSetUp]
    public static void CreateCertificates()
    {
        _serverCertificate = DtlsCertificate.Create(DateTimeOffset.UtcNow);
        _clientCertificate = DtlsCertificate.Create(DateTimeOffset.UtcNow);
    }

    [TestCase(SrtpProtectionProfile.AeadAes128Gcm)]
    [TestCase(SrtpProtectionProfile.AeadAes256Gcm)]
    [TestCase(SrtpProtectionProfile.Aes128CmHmacSha1Tag80)]
    public void Server_offer_and_client_answer_connect_through_loss_reordering_and_a_lost_dtls_flight(SrtpProtectionProfile profile)
    {
        var link = Track(new VirtualLink(seed: (int)profile, Start) { LossRate = 0.10 });
        int serverDtlsSent = 0;
        // The server's first DTLS datagram is part of its first flight: losing it loses the flight, resent after 1 s.
        link.Drop = d => d.From == link.Server && d.Bytes[0] is >= 20 and <= 63 && serverDtlsSent++ == 0;
        ConnectByServerOffer(link, profile);

        Assert.That(link.Run(() => Connected(link), TimeSpan.FromSeconds(30), RealLimit), Is.True,
            () => $"connected; client {Describe(link.Client)}; server {Describe(link.Server)}");
        Assert.Multiple(() =>
        {
            Assert.That(link.Dropped.Count(d => d.Bytes[0] is >= 20 and <= 63), Is.EqualTo(1), "one DTLS flight was lost");
            Assert.That(link.Client.Connection.SrtpProfile!.Id, Is.EqualTo(profile));
            Assert.That(link.Server.Connection.SrtpProfile!.Id, Is.EqualTo(profile));
            Assert.That(link.Server.Connection.Remote, Is.EqualTo(link.Client.Address));
            Assert.That(link.Client.Connection.Remote, Is.EqualTo(link.Server.Address));
        });

        ExchangeMedia(link);
    }

    [Test]
    public void Client_offer_and_server_answer_connect_and_exchange_media()
    {
        var link = Track(new VirtualLink(seed: 7, Start) { LossRate = 0.05 });
        var server = link.Server.Connection = PeerConnection.CreateServer(new PeerSettings(_serverCertificate), link.Wake);
        var client = link.Client.Connection = PeerConnection.CreateClient(new PeerSettings(_clientCertificate), link.Client.Address, link.Wake);
        server.AddHostCandidate(link.Server.Address);
        var offer = client.CreateOffer(SdpOrigin.Anonymous("2", 1), [Track(MediaKind.Video, ClientSsrc, "0")]);

        Assert.That(server.TryAcceptOffer(Reparse(offer), LocalCapabilities.CreateDefault(), SdpOrigin.Anonymous("1", 1), null,
            out var answer, out var error), Is.True, error);
        Assert.That(answer!.IceLite, Is.True);
        Assert.That(client.TryAcceptAnswer(Reparse(answer), out error), Is.True, error);
        Assert.That(link.Run(() => Connected(link), TimeSpan.FromSeconds(30), RealLimit), Is.True,
            () => $"connected; client {Describe(link.Client)}; server {Describe(link.Server)}");
        Assert.That(server.Negotiation!.LocalDtlsRole, Is.EqualTo(DtlsRole.Server), "a=setup:passive in our answer");

        ExchangeMedia(link);
    }

    [Test]
    public void Rfc8445_an_ICE_restart_keeps_media_flowing_and_the_old_ufrag_is_refused_once_the_new_pair_is_nominated()
    {
        var link = Track(new VirtualLink(seed: 11, Start) { LossRate = 0.05 });
        ConnectByServerOffer(link, SrtpProtectionProfile.AeadAes128Gcm);
        Assert.That(link.Run(() => Connected(link), TimeSpan.FromSeconds(30), RealLimit), Is.True);
        var server = link.Server.Connection;
        var client = link.Client.Connection;
        var oldServer = server.LocalIce;
        var oldClient = client.LocalIce;

        // The client offers new credentials (WHIP: PATCH If-Match: *), the server answers with its own new ones.
        using var random = RandomNumberGenerator.Create();
        var newClient = IceCredentials.Generate(random);
        var newServer = server.RestartIce(newClient, link.Now);
        Assert.That(client.RestartIce(newServer, link.Now, newClient), Is.EqualTo(newClient));
        Assert.Multiple(() =>
        {
            Assert.That(newServer.Ufrag, Is.Not.EqualTo(oldServer.Ufrag));
            Assert.That(server.LocalIce, Is.EqualTo(newServer));
            Assert.That(server.PreviousIceUfrag, Is.EqualTo(oldServer.Ufrag), "the old generation is answered until the new nomination");
        });

        // Media goes on through the restart, DTLS and SRTP untouched, while the new checks run and nominate.
        ExchangeMedia(link);
        Assert.That(link.Run(() => server.PreviousIceUfrag is null && link.Client.Has(PeerEventKind.SelectedPathChanged),
            TimeSpan.FromSeconds(10), RealLimit), Is.True, "the client nominated under the new credentials");
        Assert.Multiple(() =>
        {
            Assert.That(server.State, Is.EqualTo(PeerState.Connected));
            Assert.That(client.State, Is.EqualTo(PeerState.Connected));
            Assert.That(client.PreviousIceUfrag, Is.Null);
            Assert.That(link.Server.Events.Count(e => e.Kind == PeerEventKind.DtlsConnected), Is.EqualTo(1), "no new handshake");
        });

        // A check under the old credentials is not answered any more; one under the new ones is.
        var check = new byte[256];
        foreach (var (credentials, remote, answered) in new[] { (oldServer, oldClient, false), (newServer, newClient, true) })
        {
            int length = IceChecks.Write(check, $"{credentials.Ufrag}:{remote.Ufrag}", credentials.Password, useCandidate: false);
            server.HandleDatagram(check.AsSpan(0, length), link.Client.Address, link.Now);
            Assert.That(server.TryPollTransmit(out _), Is.EqualTo(answered), credentials == oldServer ? "old ufrag" : "new ufrag");
            while (server.TryPollTransmit(out _))
            {
            }
        }

        // And media still flows on the new generation's pair, both ways.
        link.LossRate = 0;
        var after = new Dictionary<LinkEnd, List<byte[]>> { [link.Client] = [], [link.Server] = [] };
        Send(link, link.Server, Rtp(ServerVideoSsrc, 1100), after);
        Send(link, link.Client, Rtp(ClientSsrc, 100), after);
        link.Idle(TimeSpan.FromMilliseconds(100));
        Assert.That(link.Client.Rtp[^1], Is.EqualTo(after[link.Server][0]));
        Assert.That(link.Server.Rtp[^1], Is.EqualTo(after[link.Client][0]));
    }

    [Test]
    public void Rfc7675_the_server_closes_when_the_clients_consent_checks_stop()
    {
        var link = Track(new VirtualLink(seed: 3, Start));
        ConnectByServerOffer(link, SrtpProtectionProfile.AeadAes128Gcm);
        Assert.That(link.Run(() => Connected(link), TimeSpan.FromSeconds(30), RealLimit), Is.True);

        link.Drop = d => d.From == link.Client; // the client is gone
        Assert.That(link.Run(() => link.Server.Has(PeerEventKind.Closed), TimeSpan.FromSeconds(40), RealLimit), Is.True);

        var closed = link.Server.Events.Single(e => e.Kind == PeerEventKind.Closed);
        Assert.That(closed.Reason, Does.Contain("ICE"));
        Assert.That(link.Server.Connection.State, Is.EqualTo(PeerState.Closed));
        Assert.That(link.Server.Connection.TrySendRtp(new byte[100], 20, out _), Is.False);
    }

    [Test]
    public void Rfc8827_a_certificate_not_matching_the_sdp_fingerprint_closes_the_connection()
    {
        var link = Track(new VirtualLink(seed: 5, Start));
        var server = link.Server.Connection = PeerConnection.CreateServer(new PeerSettings(_serverCertificate), link.Wake);
        var client = link.Client.Connection = PeerConnection.CreateClient(new PeerSettings(_clientCertificate), link.Client.Address, link.Wake);
        server.AddHostCandidate(link.Server.Address);
        var offer = Reparse(server.CreateOffer(SdpOrigin.Anonymous("1", 1), [Track(MediaKind.Video, ServerVideoSsrc, "0")]));
        // Someone in the signalling path put another certificate's fingerprint in the offer.
        var stranger = DtlsCertificate.Create(DateTimeOffset.UtcNow).Fingerprint.ToString().Split(' ');
        offer.Media[0].Fingerprints[0] = new SdpFingerprint(stranger[0], stranger[1]);
        Assert.That(client.TryAcceptOffer(offer, LocalCapabilities.CreateDefault(), SdpOrigin.Anonymous("2", 1), null, out var answer, out var error), Is.True, error);
        Assert.That(server.TryAcceptAnswer(Reparse(answer!), out error), Is.True, error);

        Assert.That(link.Run(() => link.Client.Has(PeerEventKind.Closed), TimeSpan.FromSeconds(30), RealLimit), Is.True);
        Assert.That(link.Client.Events.Single(e => e.Kind == PeerEventKind.Closed).Reason, Does.StartWith("DTLS"));
        Assert.That(link.Client.Has(PeerEventKind.DtlsConnected), Is.False);
    }

    [TearDown]
    public void DisposeConnections()
    {
        // Ends handshakes still blocking scheduler threads, and returns pooled buffers.
        foreach (var end in _ends)
            end.Connection?.Dispose();
        _ends.Clear();
    }

    private VirtualLink Track(VirtualLink link)
    {
        _ends.Add(link.Client);
        _ends.Add(link.Server);
        return link;
    }

    private static void ConnectByServerOffer(VirtualLink link, SrtpProtectionProfile profile)
    {
        var serverSettings = new PeerSettings(_serverCertificate) { Dtls = DtlsOptions.Default with { SrtpProfiles = [profile] } };
        var server = link.Server.Connection = PeerConnection.CreateServer(serverSettings, link.Wake);
        var client = link.Client.Connection = PeerConnection.CreateClient(new PeerSettings(_clientCertificate), link.Client.Address, link.Wake);
        server.AddHostCandidate(link.Server.Address);
        var offer = server.CreateOffer(SdpOrigin.Anonymous("1", 1),
            [Track(MediaKind.Video, ServerVideoSsrc, "0"), Track(MediaKind.Audio, ServerAudioSsrc, "1")]);

        Assert.That(client.TryAcceptOffer(Reparse(offer), LocalCapabilities.CreateDefault(), SdpOrigin.Anonymous("2", 1), null,
            out var answer, out var error), Is.True, error);
        Assert.That(server.TryAcceptAnswer(Reparse(answer!), out error), Is.True, error);
        Assert.Multiple(() =>
        {
            Assert.That(client.Negotiation!.LocalDtlsRole, Is.EqualTo(DtlsRole.Client), "the client answered a=setup:active");
            Assert.That(server.Negotiation!.LocalDtlsRole, Is.EqualTo(DtlsRole.Server));
            Assert.That(server.Negotiation.RemoteIceLite, Is.False);
            Assert.That(client.Negotiation.RemoteIceLite, Is.True);
        });
    }

    /// <summary>100 RTP packets and 10 RTCP packets each way, then checks what arrived against what was not lost.</summary>
    private static void ExchangeMedia(VirtualLink link)
    {
        var sent = new Dictionary<LinkEnd, List<byte[]>> { [link.Client] = [], [link.Server] = [] };
        for (int i = 0; i < 100; i++)
        {
            Send(link, link.Server, Rtp(ServerVideoSsrc, (ushort)(1000 + i)), sent);
            Send(link, link.Client, Rtp(ClientSsrc, (ushort)(60000 + i)), sent); // wraps: the ROC moves
            if (i % 10 == 0)
            {
                SendRtcp(link, link.Server, ServerVideoSsrc);
                SendRtcp(link, link.Client, ClientSsrc);
            }

            link.Idle(TimeSpan.FromMilliseconds(5));
        }

        link.Idle(TimeSpan.FromMilliseconds(200));
        foreach (var (from, to) in new[] { (link.Server, link.Client), (link.Client, link.Server) })
        {
            int lostRtp = link.Dropped.Count(d => d.From == from && d.Bytes[0] >= 128 && d.Bytes[1] < 192);
            int lostRtcp = link.Dropped.Count(d => d.From == from && d.Bytes[0] >= 128 && d.Bytes[1] >= 192);
            var arrived = to.Rtp.Select(Sequence).ToList();
            Assert.Multiple(() =>
            {
                Assert.That(to.Rtp, Has.Count.EqualTo(100 - lostRtp), $"{to}: every RTP packet not lost arrived once");
                Assert.That(lostRtp, Is.InRange(1, 30), "the link lost some packets");
                Assert.That(arrived.Zip(arrived.Skip(1)).Any(p => (short)(p.Second - p.First) < 0), Is.True, $"{to}: packets overtook each other");
                Assert.That(to.Rtp.Select(p => Convert.ToHexString(p)),
                    Is.SubsetOf(sent[from].Select(p => Convert.ToHexString(p))), $"{to}: RTP decrypted to what was sent");
                Assert.That(to.Rtcp, Has.Count.EqualTo(10 - lostRtcp), $"{to}: RTCP");
                Assert.That(to.Rtcp.All(p => p[1] == 201 && p.Length == 8), Is.True, $"{to}: RTCP decrypted");
            });
        }
    }

    private static void Send(VirtualLink link, LinkEnd from, byte[] packet, Dictionary<LinkEnd, List<byte[]>> sent)
    {
        sent[from].Add(packet);
        var buffer = new byte[packet.Length + 16];
        packet.CopyTo(buffer, 0);
        Assert.That(from.Connection.TrySendRtp(buffer, packet.Length, out var transmit), Is.True);
        Assert.That(transmit.Datagram.Length, Is.EqualTo(packet.Length + from.Connection.SrtpProfile!.RtpOverhead));
        link.Send(from, transmit.Datagram);
    }

    private static void SendRtcp(VirtualLink link, LinkEnd from, uint ssrc)
    {
        // An empty receiver report (RFC 3550 §6.4.2): V=2, RC=0, PT=201, length 1.
        var buffer = new byte[8 + 20];
        buffer[0] = 0x80;
        buffer[1] = 201;
        buffer[3] = 1;
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), ssrc);
        Assert.That(from.Connection.TrySendRtcp(buffer, 8, out var transmit), Is.True);
        link.Send(from, transmit.Datagram);
    }

    private static byte[] Rtp(uint ssrc, ushort sequence)
    {
        var packet = new byte[12 + 40];
        packet[0] = 0x80;
        packet[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), sequence * 3000u);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        packet.AsSpan(12).Fill((byte)sequence);
        return packet;
    }

    private static ushort Sequence(byte[] packet) => BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(2));

    private static bool Connected(VirtualLink link) =>
        link.Client.Connection.State == PeerState.Connected && link.Server.Connection.State == PeerState.Connected;

    private static string Describe(LinkEnd end) =>
        $"{end.Connection.State} [{string.Join(", ", end.Events.Select(e => $"{e.Kind} {e.Reason}"))}]";

    private static SessionDescription Reparse(SessionDescription description) => SdpParser.Parse(SdpWriter.Write(description));

    private static OfferedTrack Track(MediaKind kind, uint ssrc, string mid)
    {
        var track = new OfferedTrack(kind, new SendTrack(ssrc, "cname", new Msid("stream", $"track{mid}"))) { Mid = mid };
        track.Codecs.Add(kind == MediaKind.Video ? new RtpCodec(96, "VP8", 90000) : new RtpCodec(111, "opus", 48000, 2));
        return track;
    }
}
