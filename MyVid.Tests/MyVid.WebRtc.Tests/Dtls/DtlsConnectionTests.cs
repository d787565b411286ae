using MyVid.WebRtc.Dtls;
using MyVid.WebRtc.Srtp;

namespace MyVid.WebRtc.Tests.Dtls;

public sealed class DtlsConnectionTests
{
    private static readonly DtlsOptions Options = new() { HandshakeTimeout = TimeSpan.FromSeconds(5) };
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(8);

    private DtlsCertificate _clientCertificate = null!;
    private DtlsCertificate _serverCertificate = null!;
    private DtlsCertificate _strangerCertificate = null!;
    private readonly List<DtlsConnection> _connections = [];

    [OneTimeSetUp]
    public void CreateCertificates()
    {
        _clientCertificate = DtlsCertificate.Create(DateTimeOffset.UtcNow);
        _serverCertificate = DtlsCertificate.Create(DateTimeOffset.UtcNow);
        _strangerCertificate = DtlsCertificate.Create(DateTimeOffset.UtcNow);
    }

    [TearDown]
    public void CloseConnections()
    {
        // Ends any handshake still blocking a scheduler thread.
        foreach (DtlsConnection connection in _connections)
            connection.Close();
        _connections.Clear();
    }

    [TestCase(SrtpProtectionProfile.AeadAes128Gcm)]
    [TestCase(SrtpProtectionProfile.AeadAes256Gcm)]
    [TestCase(SrtpProtectionProfile.Aes128CmHmacSha1Tag80)]
    public void Rfc5764_both_sides_connect_with_the_server_chosen_profile_and_identical_keys(SrtpProtectionProfile profile)
    {
        var loop = new DtlsLoop();
        DtlsPair pair = NewPair(loop, serverOptions: Options with { SrtpProfiles = [profile] });

        loop.Run([pair], Limit);

        var client = AssertConnected(pair.ClientEvent);
        var server = AssertConnected(pair.ServerEvent);
        Assert.Multiple(() =>
        {
            Assert.That(client.Keys.Profile.Id, Is.EqualTo(profile));
            Assert.That(server.Keys.Profile.Id, Is.EqualTo(profile));
            Assert.That(client.Keys.Material.Length, Is.EqualTo(SrtpProfile.Get(profile).KeyingMaterialLength));
            Assert.That(client.Keys.Material.ToArray(), Is.EqualTo(server.Keys.Material.ToArray()));
            Assert.That(client.Keys.Material.ToArray(), Has.Some.Not.Zero);
            Assert.That((client.Keys.IsClient, server.Keys.IsClient), Is.EqualTo((true, false)));
            Assert.That(client.RemoteFingerprint, Is.EqualTo(_serverCertificate.Fingerprint));
            Assert.That(server.RemoteFingerprint, Is.EqualTo(_clientCertificate.Fingerprint));
            Assert.That(pair.Client.State, Is.EqualTo(DtlsState.Connected));
            Assert.That(pair.Server.PollTimeout(), Is.Null);
        });
    }

    [Test]
    public void Rfc5764_exported_keys_make_srtp_contexts_that_unprotect_what_the_other_side_protects()
    {
        var loop = new DtlsLoop();
        DtlsPair pair = NewPair(loop);

        loop.Run([pair], Limit);

        var (clientLocal, clientRemote) = AssertConnected(pair.ClientEvent).Keys.CreateSrtpContexts();
        var (serverLocal, serverRemote) = AssertConnected(pair.ServerEvent).Keys.CreateSrtpContexts();
        using (clientLocal)
        using (clientRemote)
        using (serverLocal)
        using (serverRemote)
        {
            byte[] toServer = RtpPacket(clientLocal.Profile.RtpOverhead);
            byte[] toClient = RtpPacket(serverLocal.Profile.RtpOverhead);
            Assert.Multiple(() =>
            {
                Assert.That(clientLocal.TryProtectRtp(toServer, 20, out int toServerLength), Is.True);
                Assert.That(serverLocal.TryProtectRtp(toClient, 20, out int toClientLength), Is.True);
                Assert.That(serverRemote.TryUnprotectRtp(toServer.AsSpan(0, toServerLength), out int plain), Is.True);
                Assert.That(plain, Is.EqualTo(20));
                Assert.That(clientRemote.TryUnprotectRtp(toClient.AsSpan(0, toClientLength), out _), Is.True);
                Assert.That(toServer[12..20], Is.EqualTo(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }));
            });
        }
    }

    private static byte[] RtpPacket(int room)
    {
        var packet = new byte[20 + room];
        packet[0] = 0x80;
        packet[1] = 96;
        packet[11] = 7; // SSRC 7
        for (int i = 0; i < 8; i++)
            packet[12 + i] = (byte)(i + 1);
        return packet;
    }

    [Test]
    public void Rfc5764_client_preference_is_offered_and_the_server_preference_decides()
    {
        var loop = new DtlsLoop();
        DtlsPair pair = NewPair(loop,
            clientOptions: Options with { SrtpProfiles = [SrtpProtectionProfile.Aes128CmHmacSha1Tag80, SrtpProtectionProfile.AeadAes256Gcm] },
            serverOptions: Options);

        loop.Run([pair], Limit);

        Assert.That(AssertConnected(pair.ClientEvent).Keys.Profile.Id, Is.EqualTo(SrtpProtectionProfile.AeadAes256Gcm));
    }

    [Test]
    public void Rfc5764_no_common_profile_fails_both_sides()
    {
        var loop = new DtlsLoop();
        DtlsPair pair = NewPair(loop,
            clientOptions: Options with { SrtpProfiles = [SrtpProtectionProfile.Aes128CmHmacSha1Tag80] },
            serverOptions: Options with { SrtpProfiles = [SrtpProtectionProfile.AeadAes128Gcm] });

        loop.Run([pair], Limit);

        Assert.Multiple(() =>
        {
            Assert.That(pair.ServerEvent, Is.TypeOf<DtlsFailed>().With.Property(nameof(DtlsFailed.Reason)).Contains("SRTP"));
            Assert.That(pair.ClientEvent, Is.TypeOf<DtlsFailed>());
        });
    }

    [TestCase(DtlsRole.Server)]
    [TestCase(DtlsRole.Client)]
    public void Rfc8827_a_peer_certificate_not_matching_the_sdp_fingerprint_fails_the_side_that_checks(DtlsRole checker)
    {
        var loop = new DtlsLoop();
        DtlsPair pair = NewPair(loop,
            clientExpects: checker == DtlsRole.Client ? _strangerCertificate.Fingerprint : null,
            serverExpects: checker == DtlsRole.Server ? _strangerCertificate.Fingerprint : null);

        loop.Run([pair], Limit);

        DtlsEvent? checkerEvent = checker == DtlsRole.Server ? pair.ServerEvent : pair.ClientEvent;
        DtlsEvent? otherEvent = checker == DtlsRole.Server ? pair.ClientEvent : pair.ServerEvent;
        Assert.Multiple(() =>
        {
            Assert.That(checkerEvent, Is.TypeOf<DtlsFailed>().With.Property(nameof(DtlsFailed.Reason)).Contains("fingerprint"));
            // The checker's bad_certificate alert fails the other side too, rather than leaving it to time out.
            Assert.That(otherEvent, Is.TypeOf<DtlsFailed>().With.Property(nameof(DtlsFailed.Reason)).Contains("bad_certificate"));
        });
    }

    [Test]
    public void Rfc6347_a_lost_server_flight_is_retransmitted_and_the_handshake_completes()
    {
        var loop = new DtlsLoop();
        int clientHellos = 0;
        int dropped = 0;
        loop.Drop = (fromClient, datagram) =>
        {
            if (fromClient)
            {
                // Record header 13 bytes, then the handshake type: 1 is ClientHello.
                if (datagram[0] == 22 && datagram.Length > 13 && datagram[13] == 1)
                    clientHellos++;
                return false;
            }
            // Lose everything the server sends until the client retransmits its ClientHello (RFC 6347 4.2.4).
            if (clientHellos >= 2)
                return false;
            dropped++;
            return true;
        };
        DtlsPair pair = NewPair(loop);

        TimeSpan took = loop.Run([pair], Limit);

        Assert.Multiple(() =>
        {
            AssertConnected(pair.ClientEvent);
            AssertConnected(pair.ServerEvent);
            Assert.That(dropped, Is.GreaterThan(0));
            Assert.That(clientHellos, Is.GreaterThanOrEqualTo(2));
            Assert.That(took, Is.LessThan(TimeSpan.FromSeconds(5)));
        });
    }

    [Test]
    public void Rfc6347_a_lost_final_server_flight_is_resent_after_the_server_connected()
    {
        var loop = new DtlsLoop();
        bool droppedChangeCipherSpec = false;
        bool droppedFinished = false;
        loop.Drop = (fromClient, datagram) =>
        {
            if (fromClient)
                return false;
            // ChangeCipherSpec (20), then Finished: a handshake record (22) in epoch 1 (record header bytes 3..4).
            if (datagram[0] == 20 && !droppedChangeCipherSpec)
                return droppedChangeCipherSpec = true;
            if (datagram[0] == 22 && datagram[3] == 0 && datagram[4] == 1 && !droppedFinished)
                return droppedFinished = true;
            return false;
        };
        DtlsPair pair = NewPair(loop);

        loop.Run([pair], Limit);

        // The server was done before the loss showed; only its post-handshake read could answer the client's resend.
        Assert.Multiple(() =>
        {
            Assert.That(droppedChangeCipherSpec && droppedFinished, Is.True);
            AssertConnected(pair.ServerEvent);
            AssertConnected(pair.ClientEvent);
        });
    }

    [Test]
    public void Fifty_handshakes_at_once_complete_with_at_most_four_in_flight_per_side()
    {
        var loop = new DtlsLoop();
        var clients = new DtlsHandshakeScheduler(4);
        var servers = new DtlsHandshakeScheduler(4);
        var options = Options with { HandshakeTimeout = TimeSpan.FromSeconds(30) };
        var pairs = new List<DtlsPair>();
        for (int i = 0; i < 50; i++)
            pairs.Add(NewPair(loop, clientOptions: options, serverOptions: options, clientScheduler: clients, serverScheduler: servers));

        loop.Run(pairs, TimeSpan.FromSeconds(30));

        Assert.Multiple(() =>
        {
            Assert.That(pairs.Select(p => p.ClientEvent), Has.All.TypeOf<DtlsConnected>());
            Assert.That(pairs.Select(p => p.ServerEvent), Has.All.TypeOf<DtlsConnected>());
            Assert.That(clients.PeakRunning, Is.InRange(2, 4));
            Assert.That(servers.PeakRunning, Is.InRange(2, 4));
            Assert.That(clients.Queued + servers.Queued, Is.Zero);
            Assert.That(clients.ThreadsStarted + servers.ThreadsStarted, Is.LessThanOrEqualTo(8), "a worker takes the next handshake: 4 threads per side for 50");
            Assert.That(() => clients.Running + servers.Running, Is.Zero.After(2000, 20), "no thread is held after the handshakes");
        });
    }

    [Test]
    public void Idle_workers_end_after_the_idle_timeout_and_a_later_handshake_starts_a_new_one()
    {
        var loop = new DtlsLoop();
        var clients = new DtlsHandshakeScheduler(2, TimeSpan.FromMilliseconds(100));
        var servers = new DtlsHandshakeScheduler(2, TimeSpan.FromMilliseconds(100));
        var first = NewPair(loop, clientScheduler: clients, serverScheduler: servers);
        loop.Run([first], Limit);
        Assert.That(() => clients.Workers + servers.Workers, Is.Zero.After(3000, 20), "no thread outlives its idle timeout");

        var second = NewPair(loop, clientScheduler: clients, serverScheduler: servers);
        loop.Run([second], Limit);

        Assert.Multiple(() =>
        {
            AssertConnected(first.ClientEvent);
            AssertConnected(second.ServerEvent);
            Assert.That(clients.ThreadsStarted, Is.EqualTo(2), "one thread per handshake, as the first had ended");
        });
    }

    [Test]
    public void Rfc5246_close_sends_close_notify_and_the_peer_reports_closed()
    {
        var loop = new DtlsLoop();
        DtlsPair pair = NewPair(loop);
        loop.Run([pair], Limit);
        AssertConnected(pair.ClientEvent);
        AssertConnected(pair.ServerEvent);

        pair.Client.Close();
        DtlsEvent? serverEvent = null;
        loop.Drop = (_, _) => false;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (serverEvent is null && waited.Elapsed < Limit)
        {
            pair.ClientEvent = pair.ServerEvent = null;
            loop.Pump(pair);
            serverEvent = pair.ServerEvent;
            Thread.Sleep(5);
        }

        Assert.Multiple(() =>
        {
            Assert.That(serverEvent, Is.TypeOf<DtlsClosed>());
            Assert.That(pair.Server.State, Is.EqualTo(DtlsState.Closed));
            Assert.That(pair.Client.State, Is.EqualTo(DtlsState.Closed));
            Assert.That(pair.Client.PollEvent(), Is.Null, "a local close reports nothing");
        });
    }

    [Test]
    public void A_handshake_past_its_deadline_on_the_callers_clock_fails()
    {
        var scheduler = new DtlsHandshakeScheduler(1);
        var client = Track(new DtlsConnection(DtlsRole.Client, _clientCertificate, _serverCertificate.Fingerprint, Options, scheduler));
        var start = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

        client.Start(start);
        client.HandleTimeout(start + TimeSpan.FromSeconds(4.9));
        DateTimeOffset? deadline = client.PollTimeout();
        client.HandleTimeout(start + TimeSpan.FromSeconds(5));

        Assert.Multiple(() =>
        {
            Assert.That(deadline, Is.EqualTo(start + Options.HandshakeTimeout));
            Assert.That(client.PollEvent(), Is.TypeOf<DtlsFailed>().With.Property(nameof(DtlsFailed.Reason)).Contains("timed out"));
            Assert.That(client.State, Is.EqualTo(DtlsState.Failed));
            Assert.That(client.PollTimeout(), Is.Null);
            Assert.That(() => scheduler.Running, Is.Zero.After(2000, 20), "the blocked handshake thread is released");
        });
    }

    private DtlsPair NewPair(
        DtlsLoop loop,
        DtlsOptions? clientOptions = null,
        DtlsOptions? serverOptions = null,
        DtlsFingerprint? clientExpects = null,
        DtlsFingerprint? serverExpects = null,
        DtlsHandshakeScheduler? clientScheduler = null,
        DtlsHandshakeScheduler? serverScheduler = null)
    {
        var client = Track(new DtlsConnection(DtlsRole.Client, _clientCertificate,
            clientExpects ?? _serverCertificate.Fingerprint, clientOptions ?? Options, clientScheduler, loop.Wake));
        var server = Track(new DtlsConnection(DtlsRole.Server, _serverCertificate,
            serverExpects ?? _clientCertificate.Fingerprint, serverOptions ?? Options, serverScheduler, loop.Wake));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        server.Start(now);
        client.Start(now);
        return new DtlsPair(client, server);
    }

    private DtlsConnection Track(DtlsConnection connection)
    {
        _connections.Add(connection);
        return connection;
    }

    private static DtlsConnected AssertConnected(DtlsEvent? e)
    {
        Assert.That(e, Is.TypeOf<DtlsConnected>(), () => $"expected Connected, got {e}");
        return (DtlsConnected)e!;
    }
}
