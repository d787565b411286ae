using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MyVid.Catalog.Contracts;
using MyVid.Platform.Ids;
using MyVid.Testing;

namespace MyVid.Signalling.Tests;

/// <summary><c>POST /whep/{ID}</c>: joining a live entry's stream with the viewer's offer, and its refusals.</summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Production)]
[NonParallelizable]
public sealed class WhepTests(Backend backend) : WhipFixture(backend)
{
    [Test]
    public async Task POST_whep_joins_the_entry_s_stream_with_the_viewer_s_offer_201_and_refuses_404_409_and_503()
    {
        var id = ShortId.New();
        var streamId = ShortId.New();
        await using (var scope = Node.Services.CreateAsyncScope())
        {
            var catalog = scope.ServiceProvider.GetRequiredService<ICatalogWriter>();
            await catalog.CreateLiveAsync(new NewLiveVideo(id, "Live for WHEP", "", new Uri(Node.BaseUrl, "ENDPOINT/" + Media.Id).AbsoluteUri, streamId), CancellationToken.None);
        }
        using (var entry = JsonDocument.Parse(await Http.GetStringAsync($"API/VIDEO/{id}")))
        {
            Assert.That(entry.RootElement.GetProperty("WHEP").GetString(), Is.EqualTo(new Uri(Node.BaseUrl, "whep/" + id).AbsoluteUri));
            Assert.That(entry.RootElement.GetProperty("ControlURL").GetString(), Does.EndWith("/ENDPOINT/" + Media.Id), "Appendix D's fields stay");
        }

        var viewerOffer = TestOffers.Offer(direction: "recvonly");
        Media.Script = m => m.GetProperty("type").GetString() == "join" && m.GetProperty("StreamID").GetString() == streamId && m.TryGetProperty("sdp", out _)
            ? [JsonSerializer.Serialize(new { type = "answer", sdp = TestOffers.Answer })]
            : ["{\"type\":\"error\",\"message\":\"unexpected\"}"];
        using (var played = await PostSdpAsync($"whep/{id}", viewerOffer))
        {
            Assert.That(played.StatusCode, Is.EqualTo(HttpStatusCode.Created), await played.Content.ReadAsStringAsync());
            Assert.That(await played.Content.ReadAsStringAsync(), Is.EqualTo(TestOffers.Answer));
            Assert.That(played.Headers.Location?.OriginalString, Does.Match($"^/whep/{id}/[A-Za-z0-9]{{32}}$"));
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

        Media.Script = _ => ["{\"type\":\"error\",\"message\":\"no live stream with StreamID 'x' on this node (unknown or ended)\"}", FakeMediaNode.Close];
        using (var gone = await PostSdpAsync($"whep/{id}", viewerOffer))
        {
            await ExpectProblemAsync(gone, HttpStatusCode.Conflict);
            Assert.That(gone.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        }
        Media.Script = _ => ["{\"type\":\"error\",\"message\":\"the stream has reached its viewer limit\"}", FakeMediaNode.Close];
        using (var full = await PostSdpAsync($"whep/{id}", viewerOffer))
        {
            await ExpectProblemAsync(full, HttpStatusCode.ServiceUnavailable);
            Assert.That(full.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        }

        // A live entry whose media node is no longer attached to its endpoint: no live publisher there.
        var stale = ShortId.New();
        await using (var scope = Node.Services.CreateAsyncScope())
        {
            var catalog = scope.ServiceProvider.GetRequiredService<ICatalogWriter>();
            await catalog.CreateLiveAsync(new NewLiveVideo(stale, "Stale", "", new Uri(Node.BaseUrl, "ENDPOINT/G0neN0de").AbsoluteUri, streamId), CancellationToken.None);
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
}
