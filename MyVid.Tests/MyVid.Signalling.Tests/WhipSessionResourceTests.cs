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

/// <summary>A WHIP or WHEP session's URL: <c>PATCH</c> (trickle, ICE restart) and <c>DELETE</c>.</summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Production)]
[NonParallelizable]
public sealed class WhipSessionResourceTests(Backend backend) : WhipFixture(backend)
{
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
        Assert.That(Media.SessionCloses, Is.Empty);
        await DeleteAsync(session.Location, HttpStatusCode.OK);
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
