using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MyVid.Platform.Ids;
using MyVid.Signalling.StreamKeys;
using MyVid.Testing;

namespace MyVid.Signalling.Tests;

/// <summary>
/// WHIP (RFC 9725) and WHEP on an api+endpoint node, against a media node written from the protocol document that
/// answers offers with a known SDP (<see cref="FakeMediaNode"/>): the node and the requests the tests of
/// <c>/whip</c>, <c>/whep/{ID}</c> and their session URLs share. One node per fixture; a fresh media node per test.
/// </summary>
public abstract class WhipFixture(Backend backend)
{
    protected const string TurnUrl = "turn:127.0.0.1:3478?transport=udp";
    protected const string TurnSecret = "whip-test-turn-secret";
    private Cluster _cluster = null!;
    protected TestNode Node { get; private set; } = null!;
    private protected FakeMediaNode Media { get; private set; } = null!;
    protected string Key { get; private set; } = "";

    protected HttpClient Http => Node.Http;

    /// <summary>One more api node of the same cluster (database), without an endpoint of its own.</summary>
    protected Task<TestNode> StartOtherApiNodeAsync() => _cluster.StartNodeAsync(backend, "api");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _cluster = await Cluster.CreateAsync(backend, ("Signalling:Ice:StunUrls:0", "stun:127.0.0.1:3478"),
            ("Signalling:Ice:TurnUrls:0", TurnUrl), ("Signalling:Ice:TurnSecret", TurnSecret), ("Signalling:Whip:AnswerTimeout", "00:00:02"),
            ("Signalling:Whip:MaxOfferBytes", "8192"));
        Node = await _cluster.StartNodeAsync(backend, "api,endpoint");
        Key = await CreateKeyAsync("Studio 7");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        // Null when the backend's real parts are missing and the fixture was skipped.
        if (Node is not null)
        {
            await Node.DisposeAsync();
        }
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [SetUp]
    public async Task RegisterMediaNodeAsync()
    {
        Media = await FakeMediaNode.RegisterAsync(Node.BaseUrl);
        Media.Script = Publisher;
        await WaitUntilAsync(async () => (await Http.GetAsync("API/NEWSTREAM/")).StatusCode == HttpStatusCode.OK);
    }

    [TearDown]
    public async Task UnregisterMediaNodeAsync() => await Media.DisposeAsync();

    /// <summary>The media node's side of Appendix C: an answer for the offer, an ID for LIVE.</summary>
    protected static string[] Publisher(JsonElement message) => (message.TryGetProperty("type", out var type) ? type.GetString() : null) switch
    {
        "offer" => [JsonSerializer.Serialize(new { type = "answer", sdp = TestOffers.Answer })],
        "LIVE" => ["{\"type\":\"LIVE\",\"ID\":\"" + ShortId.New() + "\"}"],
        _ => [],
    };

    protected JsonElement[] Received()
    {
        lock (Media.Received)
        {
            return [.. Media.Received.Select(m => JsonDocument.Parse(m).RootElement)];
        }
    }

    protected async Task<(string Location, string ETag)> PublishAsync()
    {
        using var response = await PostWhipAsync(TestOffers.Offer(), Key);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (response.Headers.Location!.OriginalString, response.Headers.ETag!.Tag);
    }

    protected async Task<string> CreateKeyAsync(string name)
    {
        await using var scope = Node.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<StreamKeyStore>().CreateAsync(name, CancellationToken.None)).Key;
    }

    protected Task<HttpResponseMessage> PostWhipAsync(string sdp, string? key, string query = "", HttpClient? http = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "whip" + query) { Content = new StringContent(sdp, Encoding.UTF8, "application/sdp") };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return (http ?? Http).SendAsync(request);
    }

    protected Task<HttpResponseMessage> PostSdpAsync(string path, string sdp, string type = "application/sdp") =>
        Http.PostAsync(path, new StringContent(sdp, Encoding.UTF8, type));

    protected Task<HttpResponseMessage> PatchAsync(string location, string fragment, string? ifMatch, string type = "application/trickle-ice-sdpfrag",
        HttpClient? http = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, location) { Content = new StringContent(fragment, Encoding.UTF8, type) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return (http ?? Http).SendAsync(request);
    }

    protected async Task DeleteAsync(string location, HttpStatusCode expected, HttpClient? http = null)
    {
        using var response = await (http ?? Http).DeleteAsync(location);
        Assert.That(response.StatusCode, Is.EqualTo(expected), location);
    }

    protected static async Task<JsonElement> ExpectProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(status), body);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            var problem = JsonDocument.Parse(body).RootElement.Clone();
            Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo((int)status));
            return problem;
        }
    }

    protected static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(", ", content) : null;

    protected static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(until), "condition not met within 15 s");
            await Task.Delay(100);
        }
    }
}
