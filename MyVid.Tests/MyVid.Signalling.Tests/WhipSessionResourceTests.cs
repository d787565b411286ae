using System.Net;
using System.Net.WebSockets;
using MyVid.Platform.Ids;
using MyVid.Testing;

namespace MyVid.Signalling.Tests;

/// <summary>A WHIP or WHEP session's URL: <c>PATCH</c> (trickle, ICE restart) and <c>DELETE</c>.</summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Production)]
[NonParallelizable]
public sealed class WhipSessionResourceTests(Backend backend) : WhipFixture(backend)
{
    private const string Fragment = "a=ice-ufrag:Ab1c\r\na=ice-pwd:0123456789abcdefghijklmn\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\n"
        + "a=candidate:2 1 udp 1686052607 192.0.2.7 50001 typ srflx raddr 0.0.0.0 rport 0\r\na=end-of-candidates\r\n";

    [Test]
    public async Task PATCH_trickles_with_the_ETag_204_and_checks_type_precondition_and_body()
    {
        var session = await PublishAsync();
        using (var trickled = await PatchAsync(session.Location, Fragment, session.ETag))
        {
            Assert.That(trickled.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }
        await WaitUntilAsync(() => Task.FromResult(Received().Any(m => m.TryGetProperty("candidate", out _))));
        Assert.That(Received().Single(m => m.TryGetProperty("candidate", out _)).GetProperty("candidate").GetString(),
            Is.EqualTo("candidate:2 1 udp 1686052607 192.0.2.7 50001 typ srflx raddr 0.0.0.0 rport 0"));

        await ExpectProblemAsync(await PatchAsync(session.Location, Fragment, "\"stale\""), HttpStatusCode.PreconditionFailed);
        await ExpectProblemAsync(await PatchAsync(session.Location, Fragment, null), (HttpStatusCode)428);
        await ExpectProblemAsync(await PatchAsync(session.Location, Fragment, session.ETag, "application/sdp"), HttpStatusCode.UnsupportedMediaType);
        await ExpectProblemAsync(await PatchAsync(session.Location, "a=candidate:nonsense\r\n", session.ETag), HttpStatusCode.BadRequest);
        await ExpectProblemAsync(await PatchAsync("/whip/" + ShortId.New(22), Fragment, session.ETag), HttpStatusCode.NotFound);
        Assert.That(Media.SessionCloses, Is.Empty);
        await DeleteAsync(session.Location, HttpStatusCode.OK);
    }

    [Test]
    public async Task PATCH_with_If_Match_star_restarts_ICE_on_the_node_200_with_its_new_credentials_and_a_new_ETag_the_old_one_412()
    {
        var refuse = false; // a session's script is taken when it opens: this switches the node's reply later
        Media.Script = m => m.TryGetProperty("type", out var type) && type.GetString() == "restart"
            ? [refuse ? "{\"type\":\"error\",\"message\":\"'restart' is not expected now\"}"
                : "{\"type\":\"restarted\",\"ufrag\":\"NewU\",\"pwd\":\"newpasswordnewpassword12\",\"candidate\":\"candidate:1 1 udp 2130706431 192.0.2.1 40000 typ host\"}"]
            : Publisher(m);
        var session = await PublishAsync();

        string newETag;
        using (var restart = await PatchAsync(session.Location, Fragment, "*"))
        {
            var body = await restart.Content.ReadAsStringAsync();
            Assert.That(restart.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
            newETag = restart.Headers.ETag!.Tag;
            Assert.Multiple(() =>
            {
                Assert.That(restart.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/trickle-ice-sdpfrag"));
                Assert.That(newETag, Is.Not.EqualTo(session.ETag));
                Assert.That(body, Does.Contain("a=ice-ufrag:NewU\r\n").And.Contain("a=ice-pwd:newpasswordnewpassword12\r\n")
                    .And.Contain("\r\nm=audio ").And.Contain("a=candidate:1 1 udp 2130706431 192.0.2.1 40000 typ host\r\n")
                    .And.EndWith("a=end-of-candidates\r\n"));
            });
        }
        var sent = Received().Single(m => m.TryGetProperty("type", out var type) && type.GetString() == "restart");
        Assert.That((sent.GetProperty("ufrag").GetString(), sent.GetProperty("pwd").GetString()), Is.EqualTo(("Ab1c", "0123456789abcdefghijklmn")));

        // Trickles after the restart need its ETag: the old one is 412, naming the current one.
        using (var stale = await PatchAsync(session.Location, Fragment, session.ETag))
        {
            Assert.That(stale.Headers.ETag?.Tag, Is.EqualTo(newETag));
            await ExpectProblemAsync(stale, HttpStatusCode.PreconditionFailed);
        }
        using (var trickled = await PatchAsync(session.Location, Fragment, newETag))
        {
            Assert.That(trickled.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        // A restart without new credentials is 400; one the node refuses is 422 with its reason; both leave the ETag.
        await ExpectProblemAsync(await PatchAsync(session.Location, "a=ice-ufrag:Ab1c\r\n", "*"), HttpStatusCode.BadRequest);
        refuse = true;
        var refused = await ExpectProblemAsync(await PatchAsync(session.Location, Fragment, "*"), (HttpStatusCode)422);
        Assert.That(refused.GetProperty("detail").GetString(), Does.Contain("not expected now"));
        using (var still = await PatchAsync(session.Location, Fragment, newETag))
        {
            Assert.That(still.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }
        Assert.That(Media.SessionCloses, Is.Empty);
        await DeleteAsync(session.Location, HttpStatusCode.OK);
    }

    [Test]
    public async Task A_session_POSTed_on_one_api_node_is_PATCHed_restarted_and_DELETEd_through_another()
    {
        Media.Script = m => m.TryGetProperty("type", out var type) && type.GetString() == "restart"
            ? ["{\"type\":\"restarted\",\"ufrag\":\"NewU\",\"pwd\":\"newpasswordnewpassword12\"}"]
            : Publisher(m);
        await using var owner = await StartOtherApiNodeAsync();
        string location, etag;
        using (var created = await PostWhipAsync(TestOffers.Offer(), Key, http: owner.Http))
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
            (location, etag) = (created.Headers.Location!.OriginalString, created.Headers.ETag!.Tag);
        }

        // This node does not hold the session: it forwards to the api node that does (once that one's row is written).
        await WaitUntilAsync(async () =>
        {
            using var trickled = await PatchAsync(location, Fragment, etag);
            return trickled.StatusCode == HttpStatusCode.NoContent;
        });
        string restartedETag;
        using (var restart = await PatchAsync(location, Fragment, "*"))
        {
            Assert.That(restart.StatusCode, Is.EqualTo(HttpStatusCode.OK), await restart.Content.ReadAsStringAsync());
            Assert.That(restart.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/trickle-ice-sdpfrag"));
            Assert.That(await restart.Content.ReadAsStringAsync(), Does.Contain("a=ice-ufrag:NewU"));
            restartedETag = restart.Headers.ETag!.Tag;
        }
        Assert.That(restartedETag, Is.Not.EqualTo(etag));
        await ExpectProblemAsync(await PatchAsync(location, Fragment, etag), HttpStatusCode.PreconditionFailed);
        using (var onOwner = await PatchAsync(location, Fragment, restartedETag, http: owner.Http))
        {
            Assert.That(onOwner.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), "the owner has the restart's ETag too");
        }

        await DeleteAsync(location, HttpStatusCode.OK);
        await WaitUntilAsync(() => Task.FromResult(Media.SessionCloses.Count == 1));
        Assert.That(Media.SessionCloses[0].Status, Is.EqualTo(WebSocketCloseStatus.NormalClosure));
        await DeleteAsync(location, HttpStatusCode.NotFound);
        await DeleteAsync(location, HttpStatusCode.NotFound, owner.Http);
    }

    [Test]
    public async Task DELETE_ends_the_node_s_session_with_a_normal_close_and_then_the_URL_is_404()
    {
        var session = await PublishAsync();
        await DeleteAsync(session.Location, HttpStatusCode.OK);
        await WaitUntilAsync(() => Task.FromResult(Media.SessionCloses.Count == 1));
        Assert.That(Media.SessionCloses[0].Status, Is.EqualTo(WebSocketCloseStatus.NormalClosure));
        await DeleteAsync(session.Location, HttpStatusCode.NotFound);
        await DeleteAsync("/whip/" + ShortId.New(22), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task DELETE_just_after_the_node_ended_the_session_is_200_once()
    {
        // whip-whep closes its peer connection before its DELETE: the node ends the session first.
        Media.Script = m => m.TryGetProperty("candidate", out _) ? ["{\"type\":\"ended\"}"] : Publisher(m);
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
}
