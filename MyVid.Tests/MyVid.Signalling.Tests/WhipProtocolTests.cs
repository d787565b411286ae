using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MyVid.Catalog.Contracts;
using MyVid.Platform.Ids;
using MyVid.Signalling.StreamKeys;
using MyVid.Testing;

namespace MyVid.Signalling.Tests;

/// <summary>
/// WHIP (RFC 9725) and WHEP on an api+endpoint node, against a media node written from the protocol document that
/// answers offers with a known SDP: every status code and header of <c>/whip</c>, <c>/whep/{ID}</c> and their
/// session URLs, and what the media node is sent.
/// </summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Production)]
[NonParallelizable]
public sealed class WhipProtocolTests(Backend backend)
{
    private const string TurnUrl = "turn:127.0.0.1:3478?transport=udp";
    private const string TurnSecret = "whip-test-turn-secret";
    private Cluster _cluster = null!;
    private TestNode _node = null!;
    private FakeMediaNode _media = null!;
    private string _key = "";

    private HttpClient Http => _node.Http;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _cluster = await Cluster.CreateAsync(backend, ("Signalling:Ice:StunUrls:0", "stun:127.0.0.1:3478"),
            ("Signalling:Ice:TurnUrls:0", TurnUrl), ("Signalling:Ice:TurnSecret", TurnSecret), ("Signalling:Whip:AnswerTimeout", "00:00:02"),
            ("Signalling:Whip:MaxOfferBytes", "8192"));
        _node = await _cluster.StartNodeAsync(backend, "api,endpoint");
        _key = await CreateKeyAsync("Studio 7");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _node.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    [SetUp]
    public async Task RegisterMediaNodeAsync()
    {
        _media = await FakeMediaNode.RegisterAsync(_node.BaseUrl);
        _media.Script = Publisher;
        await WaitUntilAsync(async () => (await Http.GetAsync("API/NEWSTREAM/")).StatusCode == HttpStatusCode.OK);
    }

    [TearDown]
    public async Task UnregisterMediaNodeAsync() => await _media.DisposeAsync();

    [Test]
    public async Task OPTIONS_answers_CORS_and_what_each_URL_takes()
    {
        foreach (var path in new[] { "whip", "whep/" + ShortId.New() })
        {
            using var options = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Options, path));
            Assert.Multiple(() =>
            {
                Assert.That(options.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), path);
                Assert.That(Header(options, "Accept-Post"), Is.EqualTo("application/sdp"), path);
                Assert.That(Header(options, "Access-Control-Allow-Origin"), Is.EqualTo("*"), path);
                Assert.That(Header(options, "Access-Control-Allow-Methods"), Does.Contain("POST"), path);
                Assert.That(Header(options, "Access-Control-Allow-Headers"), Does.Contain("Authorization").And.Contain("If-Match"), path);
                Assert.That(options.Content.Headers.Allow, Is.Empty.Or.Contains("POST"), path);
            });
        }
        var session = await PublishAsync();
        using var resource = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Options, session.Location));
        Assert.That(resource.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(Header(resource, "Accept-Patch"), Is.EqualTo("application/trickle-ice-sdpfrag"));
        Assert.That(Header(resource, "Access-Control-Allow-Methods"), Does.Contain("PATCH").And.Contain("DELETE"));
        await DeleteAsync(session.Location, HttpStatusCode.OK);
    }

    [Test]
    public async Task POST_whip_answers_201_with_the_node_s_answer_Location_ETag_and_TURN_links_and_goes_live_under_the_key_s_name()
    {
        using var response = await PostWhipAsync(TestOffers.Offer(), _key);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        Assert.Multiple(async () =>
        {
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/sdp"));
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(TestOffers.Answer));
            Assert.That(response.Headers.Location?.OriginalString, Does.Match("^/whip/[A-Za-z0-9]{22}$"));
            Assert.That(response.Headers.ETag?.Tag, Does.Match("^\"[A-Za-z0-9]+\"$"));
            Assert.That(Header(response, "Accept-Patch"), Is.EqualTo("application/trickle-ice-sdpfrag"));
            Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.EqualTo("*"));
            Assert.That(Header(response, "Access-Control-Expose-Headers"), Does.Contain("Location").And.Contain("ETag").And.Contain("Link"));
        });
        var links = response.Headers.GetValues("Link").ToArray();
        Assert.That(links, Has.Length.EqualTo(2));
        Assert.That(links[0], Is.EqualTo("<stun:127.0.0.1:3478>; rel=\"ice-server\""));
        var turn = System.Text.RegularExpressions.Regex.Match(links[1],
            "^<" + System.Text.RegularExpressions.Regex.Escape(TurnUrl) + ">; rel=\"ice-server\"; username=\"(\\d+:WebRTCUser)\"; credential=\"([^\"]+)\"; credential-type=\"password\"$");
        Assert.That(turn.Success, Is.True, links[1]);
        // coturn's time-limited credential, as /API/ICE hands out: base64(HMAC-SHA1(secret, username)).
#pragma warning disable CA5350
        var expected = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(TurnSecret), Encoding.UTF8.GetBytes(turn.Groups[1].Value)));
#pragma warning restore CA5350
        Assert.That(turn.Groups[2].Value, Is.EqualTo(expected));

        // The node got Appendix C's offer with the SDP as sent, then LIVE titled with the key's name.
        await WaitUntilAsync(() => Task.FromResult(Received().Length >= 2));
        var messages = Received();
        Assert.That(messages[0].GetProperty("type").GetString(), Is.EqualTo("offer"));
        Assert.That(messages[0].GetProperty("sdp").GetString(), Is.EqualTo(TestOffers.Offer()));
        Assert.That(messages[1].GetProperty("type").GetString(), Is.EqualTo("LIVE"));
        Assert.That(messages[1].GetProperty("Title").GetString(), Is.EqualTo("Studio 7"));
        await DeleteAsync(response.Headers.Location!.OriginalString, HttpStatusCode.OK);
    }

    [Test]
    public async Task Title_and_description_come_from_the_query_and_are_bounded()
    {
        using var response = await PostWhipAsync(TestOffers.Offer(), _key, "?title=Morning%20show&description=Coffee");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        await WaitUntilAsync(() => Task.FromResult(Received().Length >= 2));
        Assert.That(Received()[1].GetProperty("Title").GetString(), Is.EqualTo("Morning show"));
        Assert.That(Received()[1].GetProperty("Description").GetString(), Is.EqualTo("Coffee"));
        await DeleteAsync(response.Headers.Location!.OriginalString, HttpStatusCode.OK);

        using var tooLong = await PostWhipAsync(TestOffers.Offer(), _key, "?title=" + new string('x', 201));
        await ExpectProblemAsync(tooLong, HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task POST_whip_refuses_a_wrong_content_type_415_a_missing_or_revoked_key_401_bad_SDP_400_and_too_many_tracks_422()
    {
        using (var wrongType = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "whip")
        {
            Content = new StringContent(TestOffers.Offer(), Encoding.UTF8, "application/json"),
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", _key) },
        }))
        {
            await ExpectProblemAsync(wrongType, HttpStatusCode.UnsupportedMediaType);
            Assert.That(Header(wrongType, "Accept-Post"), Is.EqualTo("application/sdp"));
        }

        var revoked = await CreateKeyAsync("Old studio");
        await using (var scope = _node.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<StreamKeyStore>();
            var id = (await store.ListAsync(CancellationToken.None)).Single(k => k.Name == "Old studio").Id;
            Assert.That(await store.RevokeAsync(id, CancellationToken.None), Is.True);
        }
        foreach (var key in new[] { null, "mvk_" + new string('a', 40), revoked })
        {
            using var refused = await PostWhipAsync(TestOffers.Offer(), key);
            await ExpectProblemAsync(refused, HttpStatusCode.Unauthorized);
            Assert.That(refused.Headers.WwwAuthenticate.Single().Scheme, Is.EqualTo("Bearer"));
        }

        using (var bad = await PostWhipAsync("this is not SDP", _key))
        {
            await ExpectProblemAsync(bad, HttpStatusCode.BadRequest);
        }
        using (var noMedia = await PostWhipAsync(TestOffers.Offer(audio: 0, video: 0), _key))
        {
            await ExpectProblemAsync(noMedia, HttpStatusCode.BadRequest);
        }
        using (var twoVideos = await PostWhipAsync(TestOffers.Offer(audio: 1, video: 2), _key))
        {
            var problem = await ExpectProblemAsync(twoVideos, (HttpStatusCode)422);
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("1 audio and 2 video"));
        }
        using (var twoAudios = await PostWhipAsync(TestOffers.Offer(audio: 2, video: 0), _key))
        {
            await ExpectProblemAsync(twoAudios, (HttpStatusCode)422);
        }
        using (var tooLarge = await PostWhipAsync(TestOffers.Offer() + new string('a', 9000), _key))
        {
            await ExpectProblemAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge);
        }
        Assert.That(Received(), Is.Empty, "nothing refused reached the media node");
    }

    [Test]
    public async Task The_node_s_refusal_is_422_with_its_reason_and_a_node_that_does_not_answer_is_503_with_Retry_After()
    {
        _media.Script = _ => ["{\"type\":\"error\",\"message\":\"offer not accepted: no common codec (offered G722)\"}"];
        using (var refused = await PostWhipAsync(TestOffers.Offer(), _key))
        {
            var problem = await ExpectProblemAsync(refused, (HttpStatusCode)422);
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("no common codec"));
        }

        _media.Script = _ => [];
        using var silent = await PostWhipAsync(TestOffers.Offer(), _key);
        await ExpectProblemAsync(silent, HttpStatusCode.ServiceUnavailable);
        Assert.That(silent.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
    }

    [Test]
    public async Task Without_a_media_node_or_past_MaxSessions_POST_is_503_with_Retry_After()
    {
        await using var cluster = await Cluster.CreateAsync(Backend.Embedded, ("Signalling:Whip:MaxSessions", "1"));
        await using var node = await cluster.StartNodeAsync(Backend.Embedded, "api,endpoint");
        string key;
        await using (var scope = node.Services.CreateAsyncScope())
        {
            (_, key) = await scope.ServiceProvider.GetRequiredService<StreamKeyStore>().CreateAsync("Solo", CancellationToken.None);
        }
        using (var none = await PostWhipAsync(TestOffers.Offer(), key, http: node.Http))
        {
            await ExpectProblemAsync(none, HttpStatusCode.ServiceUnavailable);
            Assert.That(none.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        }

        await using var media = await FakeMediaNode.RegisterAsync(node.BaseUrl);
        media.Script = Publisher;
        await WaitUntilAsync(async () => (await node.Http.GetAsync("API/NEWSTREAM/")).StatusCode == HttpStatusCode.OK);
        using var first = await PostWhipAsync(TestOffers.Offer(), key, http: node.Http);
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        using (var second = await PostWhipAsync(TestOffers.Offer(), key, http: node.Http))
        {
            await ExpectProblemAsync(second, HttpStatusCode.ServiceUnavailable);
            Assert.That(second.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        }
        using (var deleted = await node.Http.DeleteAsync(first.Headers.Location!.OriginalString))
        {
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        await WaitUntilAsync(async () =>
        {
            using var again = await PostWhipAsync(TestOffers.Offer(), key, http: node.Http);
            return again.StatusCode == HttpStatusCode.Created;
        });
    }

    [Test]
    public async Task PATCH_trickles_with_the_ETag_204_refuses_an_ICE_restart_422_and_checks_type_precondition_and_body()
    {
        var session = await PublishAsync();
        const string fragment = "a=ice-ufrag:Ab1c\r\na=ice-pwd:0123456789abcdefghijklmn\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\n"
            + "a=candidate:2 1 udp 1686052607 192.0.2.7 50001 typ srflx raddr 0.0.0.0 rport 0\r\na=end-of-candidates\r\n";

        using (var trickled = await PatchAsync(session.Location, fragment, session.ETag))
        {
            Assert.That(trickled.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }
        await WaitUntilAsync(() => Task.FromResult(Received().Any(m => m.TryGetProperty("candidate", out _))));
        Assert.That(Received().Single(m => m.TryGetProperty("candidate", out _)).GetProperty("candidate").GetString(),
            Is.EqualTo("candidate:2 1 udp 1686052607 192.0.2.7 50001 typ srflx raddr 0.0.0.0 rport 0"));

        using (var restart = await PatchAsync(session.Location, fragment, "*"))
        {
            var problem = await ExpectProblemAsync(restart, (HttpStatusCode)422);
            Assert.That(problem.GetProperty("title").GetString(), Does.Contain("ICE restart"));
        }
        await ExpectProblemAsync(await PatchAsync(session.Location, fragment, "\"stale\""), HttpStatusCode.PreconditionFailed);
        await ExpectProblemAsync(await PatchAsync(session.Location, fragment, null), (HttpStatusCode)428);
        await ExpectProblemAsync(await PatchAsync(session.Location, fragment, session.ETag, "application/sdp"), HttpStatusCode.UnsupportedMediaType);
        await ExpectProblemAsync(await PatchAsync(session.Location, "a=candidate:nonsense\r\n", session.ETag), HttpStatusCode.BadRequest);
        await ExpectProblemAsync(await PatchAsync("/whip/" + ShortId.New(22), fragment, session.ETag), HttpStatusCode.NotFound);

        // The restart was refused, not the session: it still takes candidates.
        using (var after = await PatchAsync(session.Location, fragment, session.ETag))
        {
            Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }
        Assert.That(_media.SessionCloses, Is.Empty);
        await DeleteAsync(session.Location, HttpStatusCode.OK);
    }

    [Test]
    public async Task DELETE_ends_the_node_s_session_with_a_normal_close_and_then_the_URL_is_404()
    {
        var session = await PublishAsync();
        await DeleteAsync(session.Location, HttpStatusCode.OK);
        await WaitUntilAsync(() => Task.FromResult(_media.SessionCloses.Count == 1));
        Assert.That(_media.SessionCloses[0].Status, Is.EqualTo(WebSocketCloseStatus.NormalClosure));
        await DeleteAsync(session.Location, HttpStatusCode.NotFound);
        await DeleteAsync("/whip/" + ShortId.New(22), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task DELETE_just_after_the_node_ended_the_session_is_200_once()
    {
        // whip-whep closes its peer connection before its DELETE: the node ends the session first.
        _media.Script = m => m.TryGetProperty("candidate", out _) ? ["{\"type\":\"ended\"}"] : Publisher(m);
        var session = await PublishAsync();
        const string fragment = "a=ice-ufrag:Ab1c\r\na=ice-pwd:0123456789abcdefghijklmn\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\n"
            + "a=candidate:2 1 udp 1686052607 192.0.2.7 50001 typ srflx raddr 0.0.0.0 rport 0\r\n";
        using (var trickled = await PatchAsync(session.Location, fragment, session.ETag))
        {
            Assert.That(trickled.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }
        await WaitUntilAsync(async () =>
        {
            using var probe = await PatchAsync(session.Location, fragment, session.ETag);
            return probe.StatusCode == HttpStatusCode.NotFound;
        });

        await DeleteAsync(session.Location, HttpStatusCode.OK);
        await DeleteAsync(session.Location, HttpStatusCode.NotFound);
        await DeleteAsync(session.Location.Replace("/whip/", "/whep/x/", StringComparison.Ordinal), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task POST_whep_joins_the_entry_s_stream_with_the_viewer_s_offer_201_and_refuses_404_409_and_503()
    {
        var id = ShortId.New();
        var streamId = ShortId.New();
        await using (var scope = _node.Services.CreateAsyncScope())
        {
            var catalog = scope.ServiceProvider.GetRequiredService<ICatalogWriter>();
            await catalog.CreateLiveAsync(new NewLiveVideo(id, "Live for WHEP", "", new Uri(_node.BaseUrl, "ENDPOINT/" + _media.Id).AbsoluteUri, streamId), CancellationToken.None);
        }
        using (var entry = JsonDocument.Parse(await Http.GetStringAsync($"API/VIDEO/{id}")))
        {
            Assert.That(entry.RootElement.GetProperty("WHEP").GetString(), Is.EqualTo(new Uri(_node.BaseUrl, "whep/" + id).AbsoluteUri));
            Assert.That(entry.RootElement.GetProperty("ControlURL").GetString(), Does.EndWith("/ENDPOINT/" + _media.Id), "Appendix D's fields stay");
        }

        var viewerOffer = TestOffers.Offer(direction: "recvonly");
        _media.Script = m => m.GetProperty("type").GetString() == "join" && m.GetProperty("StreamID").GetString() == streamId && m.TryGetProperty("sdp", out _)
            ? [JsonSerializer.Serialize(new { type = "answer", sdp = TestOffers.Answer })]
            : ["{\"type\":\"error\",\"message\":\"unexpected\"}"];
        using (var played = await PostSdpAsync($"whep/{id}", viewerOffer))
        {
            Assert.That(played.StatusCode, Is.EqualTo(HttpStatusCode.Created), await played.Content.ReadAsStringAsync());
            Assert.That(await played.Content.ReadAsStringAsync(), Is.EqualTo(TestOffers.Answer));
            Assert.That(played.Headers.Location?.OriginalString, Does.Match($"^/whep/{id}/[A-Za-z0-9]{{22}}$"));
            Assert.That(played.Headers.ETag, Is.Not.Null);
            Assert.That(played.Headers.GetValues("Link"), Has.Some.StartWith("<" + TurnUrl + ">"));
            Assert.That(Received()[0].GetProperty("sdp").GetString(), Is.EqualTo(viewerOffer));
            var location = played.Headers.Location!.OriginalString;
            await DeleteAsync(location.Replace(id, ShortId.New(), StringComparison.Ordinal), HttpStatusCode.NotFound); // another video's URL
            await DeleteAsync("/whip/" + location.Split('/')[^1], HttpStatusCode.NotFound); // a viewer's session is no WHIP session
            await DeleteAsync(location, HttpStatusCode.OK);
        }

        await ExpectProblemAsync(await PostSdpAsync($"whep/{ShortId.New()}", viewerOffer), HttpStatusCode.NotFound);
        await ExpectProblemAsync(await PostSdpAsync($"whep/{id}", viewerOffer, "text/plain"), HttpStatusCode.UnsupportedMediaType);
        await ExpectProblemAsync(await PostSdpAsync($"whep/{id}", "v=0 nonsense"), HttpStatusCode.BadRequest);

        _media.Script = _ => ["{\"type\":\"error\",\"message\":\"no live stream with StreamID 'x' on this node (unknown or ended)\"}", FakeMediaNode.Close];
        using (var gone = await PostSdpAsync($"whep/{id}", viewerOffer))
        {
            await ExpectProblemAsync(gone, HttpStatusCode.Conflict);
            Assert.That(gone.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        }
        _media.Script = _ => ["{\"type\":\"error\",\"message\":\"the stream has reached its viewer limit\"}", FakeMediaNode.Close];
        using (var full = await PostSdpAsync($"whep/{id}", viewerOffer))
        {
            await ExpectProblemAsync(full, HttpStatusCode.ServiceUnavailable);
            Assert.That(full.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        }

        // A live entry whose media node is no longer attached to its endpoint: no live publisher there.
        var stale = ShortId.New();
        await using (var scope = _node.Services.CreateAsyncScope())
        {
            var catalog = scope.ServiceProvider.GetRequiredService<ICatalogWriter>();
            await catalog.CreateLiveAsync(new NewLiveVideo(stale, "Stale", "", new Uri(_node.BaseUrl, "ENDPOINT/G0neN0de").AbsoluteUri, streamId), CancellationToken.None);
            Assert.That(await catalog.MarkLiveEndedAsync(id, CancellationToken.None), Is.True);
        }
        using (var nodeGone = await PostSdpAsync($"whep/{stale}", viewerOffer))
        {
            await ExpectProblemAsync(nodeGone, HttpStatusCode.Conflict);
            Assert.That(nodeGone.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        }
        using var ended = await PostSdpAsync($"whep/{id}", viewerOffer);
        await ExpectProblemAsync(ended, HttpStatusCode.Conflict);
        Assert.That(ended.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
    }

    [Test]
    public async Task The_openapi_document_describes_the_SDP_bodies()
    {
        using var document = JsonDocument.Parse(await Http.GetStringAsync("openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");
        Assert.Multiple(() =>
        {
            Assert.That(paths.GetProperty("/whip").GetProperty("post").GetProperty("requestBody").GetProperty("content").TryGetProperty("application/sdp", out _));
            Assert.That(paths.GetProperty("/whep/{id}").GetProperty("post").GetProperty("requestBody").GetProperty("content").TryGetProperty("application/sdp", out _));
            Assert.That(paths.GetProperty("/whip/{session}").GetProperty("patch").GetProperty("requestBody").GetProperty("content")
                .TryGetProperty("application/trickle-ice-sdpfrag", out _));
        });
    }

    /// <summary>The media node's side of Appendix C: an answer for the offer, an ID for LIVE.</summary>
    private static string[] Publisher(JsonElement message) => (message.TryGetProperty("type", out var type) ? type.GetString() : null) switch
    {
        "offer" => [JsonSerializer.Serialize(new { type = "answer", sdp = TestOffers.Answer })],
        "LIVE" => ["{\"type\":\"LIVE\",\"ID\":\"" + ShortId.New() + "\"}"],
        _ => [],
    };

    private JsonElement[] Received()
    {
        lock (_media.Received)
        {
            return [.. _media.Received.Select(m => JsonDocument.Parse(m).RootElement)];
        }
    }

    private async Task<(string Location, string ETag)> PublishAsync()
    {
        using var response = await PostWhipAsync(TestOffers.Offer(), _key);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (response.Headers.Location!.OriginalString, response.Headers.ETag!.Tag);
    }

    private async Task<string> CreateKeyAsync(string name)
    {
        await using var scope = _node.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<StreamKeyStore>().CreateAsync(name, CancellationToken.None)).Key;
    }

    private Task<HttpResponseMessage> PostWhipAsync(string sdp, string? key, string query = "", HttpClient? http = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "whip" + query) { Content = new StringContent(sdp, Encoding.UTF8, "application/sdp") };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return (http ?? Http).SendAsync(request);
    }

    private Task<HttpResponseMessage> PostSdpAsync(string path, string sdp, string type = "application/sdp") =>
        Http.PostAsync(path, new StringContent(sdp, Encoding.UTF8, type));

    private Task<HttpResponseMessage> PatchAsync(string location, string fragment, string? ifMatch, string type = "application/trickle-ice-sdpfrag")
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, location) { Content = new StringContent(fragment, Encoding.UTF8, type) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return Http.SendAsync(request);
    }

    private async Task DeleteAsync(string location, HttpStatusCode expected)
    {
        using var response = await Http.DeleteAsync(location);
        Assert.That(response.StatusCode, Is.EqualTo(expected), location);
    }

    private static async Task<JsonElement> ExpectProblemAsync(HttpResponseMessage response, HttpStatusCode status)
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

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(", ", content) : null;

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(until), "condition not met within 15 s");
            await Task.Delay(100);
        }
    }
}
