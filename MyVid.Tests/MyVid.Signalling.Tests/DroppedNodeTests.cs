using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using MyVid.Signalling.Contracts;
using MyVid.Testing;

namespace MyVid.Signalling.Tests;

/// <summary>
/// What the failure drills found (docs/reliability.md): a dropped media node's live entries leave the catalogue,
/// and a bridged client that never speaks is closed instead of holding a bridge forever.
/// </summary>
public sealed class DroppedNodeTests
{
    private Cluster _cluster = null!;
    private TestNode _node = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _cluster = await Cluster.CreateAsync(Backend.Embedded, ("Signalling:FirstMessageTimeout", "00:00:01"));
        _node = await _cluster.StartNodeAsync(Backend.Embedded, "api,endpoint");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _node.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    [Test]
    public async Task A_live_entry_ends_when_its_media_node_stops_heartbeating()
    {
        await using var media = await FakeMediaNode.RegisterAsync(_node.BaseUrl);
        var body = Encoding.UTF8.GetBytes("""{"StreamId":"s-1","Title":"drill","Description":""}""");
        using var create = new HttpRequestMessage(HttpMethod.Post, "MEDIA/live") { Content = new ByteArrayContent(body) };
        foreach (var (key, value) in ClusterSignature.Headers(Encoding.UTF8.GetBytes(Cluster.Secret), "POST", "/MEDIA/live", media.Name, DateTimeOffset.UtcNow, body))
        {
            create.Headers.TryAddWithoutValidation(key, value);
        }
        using var created = await _node.Http.SendAsync(create);
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.OK), await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ID").GetString();
        using (var live = await _node.Http.GetAsync($"API/VIDEO/{id}"))
        {
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK), "listed while its node is attached");
        }

        media.StopHeartbeats();
        // Heartbeats every 0.3 s, three missed: dropped after ~1 s.
        var ended = false;
        for (var i = 0; i < 100 && !ended; i++)
        {
            using var response = await _node.Http.GetAsync($"API/VIDEO/{id}");
            ended = response.StatusCode == HttpStatusCode.NotFound;
            await Task.Delay(100);
        }
        Assert.That(ended, Is.True, "the entry of a node that hung is ended within the heartbeat timeout");
    }

    [Test]
    public async Task A_bridged_client_that_says_nothing_is_dropped_and_its_media_session_closed_with_1008()
    {
        await using var media = await FakeMediaNode.RegisterAsync(_node.BaseUrl);
        using var client = new ClientWebSocket();
        await client.ConnectAsync(FakeMediaNode.SocketUri(_node.BaseUrl, "/ENDPOINT/" + media.Id), CancellationToken.None);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        // The timed-out receive aborts the client's socket (a reset, not a close frame); the media node gets a clean close.
        var ended = false;
        try
        {
            ended = (await client.ReceiveAsync(new byte[1024], limit.Token)).MessageType == WebSocketMessageType.Close;
        }
        catch (WebSocketException)
        {
            ended = true;
        }
        Assert.That(ended, Is.True, "the server ended the silent socket");
        for (var i = 0; i < 50 && media.SessionCloses.Count == 0; i++)
        {
            await Task.Delay(100);
        }
        Assert.That(media.SessionCloses, Has.Some.Matches<(WebSocketCloseStatus? Status, string? Reason)>(c =>
            c.Status == WebSocketCloseStatus.PolicyViolation && c.Reason!.Contains("no message within 1 s", StringComparison.Ordinal)));
    }
}
