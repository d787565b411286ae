using MyVid.Drills;

namespace MyVid.Deployment.Tests;

/// <summary>
/// Short forms of drills 3–5 (drills/*.sh, docs/reliability.md) on the shared deployment. Each drill restarts what
/// it killed, so they run in any order.
/// </summary>
[NonParallelizable]
public sealed class DrillTests
{
    [Test]
    public async Task Killing_an_api_node_under_load_costs_at_most_the_requests_in_flight()
    {
        const int workers = 4;
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var result = await FrontendFailover.RunAsync(Topology.Current, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3), workers,
            TestContext.Progress, limit.Token);
        result.Print(TestContext.Progress);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.FailedStartedAfterKill, Is.Zero, "requests sent after the kill are served by the survivor");
            Assert.That(result.Failed, Is.LessThanOrEqualTo(workers), "at most the one request each worker had in flight");
            Assert.That(result.ServedAfterKill, Is.GreaterThan(0));
            Assert.That(result.DetectSeconds, Is.LessThan(10), "health checks every 0.5 s, down after two failures");
        }
    }

    [Test]
    public async Task Killing_an_endpoint_moves_uploads_new_streams_and_media_nodes_to_the_other()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var result = await NodeFailures.KillEndpointAsync(Topology.Current, TestContext.Progress, limit.Token);
        result.Print(TestContext.Progress);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Attached, Is.Not.Empty, "NEWSTREAM named the victim, so a media node was attached to it");
            Assert.That(result.ReRegisteredSeconds.Keys, Is.EquivalentTo(result.Attached), "every media node of the victim registered again");
            Assert.That(result.UploadsMovedSeconds, Is.LessThan(30));
            Assert.That(result.StreamsMovedSeconds, Is.LessThan(30));
            Assert.That(result.UploadAfterwardsOk, Is.True, "an upload through the survivor plays back its bytes");
            Assert.That(result.UploadsAtKill.Select(u => u.ToString()), Has.All.Contains("published, same bytes back"),
                "uploads begun as the endpoint died went through, back to NEWUPLOAD when it named the dead one");
            Assert.That(result.ViewerPacketsAfterwards, Is.GreaterThan(0), "a new stream through the survivor reaches its viewer");
        }
    }

    [Test]
    public async Task Killing_a_media_node_ends_its_stream_within_the_heartbeat_timeout_tells_its_viewers_and_keeps_its_recording()
    {
        // topology.sh: media heartbeats every second, three missed and the node is dropped.
        const double heartbeatTimeout = 3;
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var result = await NodeFailures.KillMediaNodeAsync(Topology.Current, 2, heartbeatTimeout, TestContext.Progress, limit.Token);
        result.Print(TestContext.Progress);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.PacketsBeforeKill, Is.GreaterThan(0), "the viewers were watching");
            Assert.That(result.ViewersToldSeconds, Has.Count.EqualTo(2), "every viewer's session ended");
            Assert.That(result.ViewersToldSeconds, Has.All.LessThan(heartbeatTimeout + 2));
            Assert.That(result.EntryEndedSeconds, Is.LessThan(heartbeatTimeout + 2), "GET /API/VIDEO/{ID} answers 404");
            Assert.That(result.Recording.Ok, Is.True, $"the node, started again, kept the recording so far as a stored video cut short: {result.Recording}");
        }
    }

    [Test]
    public async Task Hostile_input_is_refused_while_a_legitimate_client_keeps_being_served()
    {
        var seed = TestContext.CurrentContext.Random.Next();
        TestContext.Progress.WriteLine($"fuzzing seed {seed}");
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var result = await HostileInput.RunAsync(Topology.Current, new HostileInput.Options(
            Flood: TimeSpan.FromSeconds(3), FloodWorkers: 16, ParkedSockets: 20, ParkHold: TimeSpan.FromSeconds(7), SlowConnections: 5,
            SlowLimit: TimeSpan.FromSeconds(20), JsonCases: 150, SocketCases: 20, Seed: seed), TestContext.Progress, limit.Token);
        result.Print(TestContext.Progress);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.LegitimateFailed, Is.Zero, "the legitimate client was served throughout");
            Assert.That(result.LegitimateTotal, Is.GreaterThan(10));
            Assert.That(result.FloodLimited, Is.GreaterThan(0), "the flood met the per-address limit");
            Assert.That(result.LimitedIsProblemJson, Is.True, "429 as application/problem+json");
            Assert.That(result.RetryAfter, Is.Not.Null.And.Not.EqualTo("missing"), "429 with Retry-After");
            Assert.That(result.OversizedBodyStatus, Is.EqualTo(413));
            Assert.That(result.OversizedHeaderAnswer, Is.AnyOf("400", "431", HostileClients.ClosedWhileSending), "a 64 KiB header is refused");
            Assert.That(result.OversizedMessageClose, Does.StartWith("1009"), "an oversized WebSocket message closes the socket (message too big)");
            Assert.That(result.Parked.Accepted - result.Parked.ClosedByServer, Is.Zero, "idle sockets are closed by the server");
            Assert.That(result.SlowHeaderSeconds, Has.All.LessThan(20), "slowloris connections are cut");
            Assert.That(result.SlowBody.Seconds, Is.LessThan(20), "a trickled body is cut: " + result.SlowBody.Answer);
            Assert.That(result.Findings, Is.Empty, "no 5xx and no dropped connection while fuzzing");
            Assert.That(result.HealthyAfterwards, Is.True);
        }
    }
}
