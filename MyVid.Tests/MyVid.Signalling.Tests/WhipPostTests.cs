using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MyVid.Platform.Ids;
using MyVid.Signalling.StreamKeys;
using MyVid.Testing;

namespace MyVid.Signalling.Tests;

/// <summary><c>OPTIONS</c> and <c>POST /whip</c>: every status code and header, and what the media node is sent.</summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Production)]
[NonParallelizable]
public sealed class WhipPostTests(Backend backend) : WhipFixture(backend)
{
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
        using var response = await PostWhipAsync(TestOffers.Offer(), Key);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        Assert.Multiple(async () =>
        {
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/sdp"));
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(TestOffers.Answer));
            Assert.That(response.Headers.Location?.OriginalString, Does.Match("^/whip/[A-Za-z0-9]{32}$"));
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
        using var response = await PostWhipAsync(TestOffers.Offer(), Key, "?title=Morning%20show&description=Coffee");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        await WaitUntilAsync(() => Task.FromResult(Received().Length >= 2));
        Assert.That(Received()[1].GetProperty("Title").GetString(), Is.EqualTo("Morning show"));
        Assert.That(Received()[1].GetProperty("Description").GetString(), Is.EqualTo("Coffee"));
        await DeleteAsync(response.Headers.Location!.OriginalString, HttpStatusCode.OK);

        using var tooLong = await PostWhipAsync(TestOffers.Offer(), Key, "?title=" + new string('x', 201));
        await ExpectProblemAsync(tooLong, HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task POST_whip_refuses_a_wrong_content_type_415_a_missing_or_revoked_key_401_bad_SDP_400_and_too_many_tracks_422()
    {
        using (var wrongType = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "whip")
        {
            Content = new StringContent(TestOffers.Offer(), Encoding.UTF8, "application/json"),
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Key) },
        }))
        {
            await ExpectProblemAsync(wrongType, HttpStatusCode.UnsupportedMediaType);
            Assert.That(Header(wrongType, "Accept-Post"), Is.EqualTo("application/sdp"));
        }

        var revoked = await CreateKeyAsync("Old studio");
        await using (var scope = Node.Services.CreateAsyncScope())
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

        using (var bad = await PostWhipAsync("this is not SDP", Key))
        {
            await ExpectProblemAsync(bad, HttpStatusCode.BadRequest);
        }
        using (var noMedia = await PostWhipAsync(TestOffers.Offer(audio: 0, video: 0), Key))
        {
            await ExpectProblemAsync(noMedia, HttpStatusCode.BadRequest);
        }
        using (var twoVideos = await PostWhipAsync(TestOffers.Offer(audio: 1, video: 2), Key))
        {
            var problem = await ExpectProblemAsync(twoVideos, (HttpStatusCode)422);
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("1 audio and 2 video"));
        }
        using (var twoAudios = await PostWhipAsync(TestOffers.Offer(audio: 2, video: 0), Key))
        {
            await ExpectProblemAsync(twoAudios, (HttpStatusCode)422);
        }
        using (var tooLarge = await PostWhipAsync(TestOffers.Offer() + new string('a', 9000), Key))
        {
            await ExpectProblemAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge);
        }
        Assert.That(Received(), Is.Empty, "nothing refused reached the media node");
    }

    [Test]
    public async Task The_node_s_refusal_is_422_with_its_reason_and_a_node_that_does_not_answer_is_503_with_Retry_After()
    {
        Media.Script = _ => ["{\"type\":\"error\",\"message\":\"offer not accepted: no common codec (offered G722)\"}"];
        using (var refused = await PostWhipAsync(TestOffers.Offer(), Key))
        {
            var problem = await ExpectProblemAsync(refused, (HttpStatusCode)422);
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("no common codec"));
        }

        Media.Script = _ => [];
        using var silent = await PostWhipAsync(TestOffers.Offer(), Key);
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
}
