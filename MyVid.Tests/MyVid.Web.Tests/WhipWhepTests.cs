using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using MyVid.Testing;
using static Microsoft.Playwright.Assertions;

namespace MyVid.Web.Tests;

/// <summary>
/// WHIP and WHEP with Chromium and nothing but <c>fetch</c> and <c>RTCPeerConnection</c>: one page publishes its fake
/// camera with a stream key, another plays it over WHEP and decodes frames, a third watches it as the web client
/// does (Appendix D); DELETE ends the stream, which is recorded.
/// </summary>
[NonParallelizable]
public sealed class WhipWhepTests : BrowserTest
{
    /// <summary>Offers with every candidate (no trickle), POSTs them, applies the answer; the page keeps the peer as <c>window.pc</c>.</summary>
    private const string Negotiate = """
        async ({ url, headers, send }) => {
          const pc = new RTCPeerConnection();
          if (send) {
            const media = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
            for (const track of media.getTracks()) pc.addTransceiver(track, { direction: 'sendonly' });
          } else {
            pc.addTransceiver('video', { direction: 'recvonly' });
            pc.addTransceiver('audio', { direction: 'recvonly' });
          }
          await pc.setLocalDescription(await pc.createOffer());
          await new Promise(done => {
            if (pc.iceGatheringState === 'complete') done();
            pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && done());
            setTimeout(done, 3000);
          });
          const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/sdp', ...headers }, body: pc.localDescription.sdp });
          const body = await response.text();
          if (response.status === 201) {
            await pc.setRemoteDescription({ type: 'answer', sdp: body });
            window.pc = pc;
          }
          return { status: response.status, body, location: response.headers.get('Location'), etag: response.headers.get('ETag'),
            link: response.headers.get('Link'), contentType: response.headers.get('Content-Type') };
        }
        """;

    private const string FramesDecoded = """
        async () => {
          let frames = 0;
          (await window.pc.getStats()).forEach(s => { if (s.type === 'inbound-rtp' && s.kind === 'video') frames = s.framesDecoded || 0; });
          return frames;
        }
        """;

    [Test]
    public async Task A_stream_published_over_WHIP_plays_over_WHEP_and_Appendix_D_and_DELETE_ends_it_as_a_recording()
    {
        var key = await WebSite.Node.CreateStreamKeyAsync("Bench encoder");
        var title = "WHIP " + Guid.NewGuid().ToString("N")[..8];
        await Page.GotoAsync("/");
        var published = await Page.EvaluateAsync<JsonElement>(Negotiate, new
        {
            url = "/whip?title=" + Uri.EscapeDataString(title) + "&description=" + Uri.EscapeDataString("From a WHIP encoder"),
            headers = new Dictionary<string, string> { ["Authorization"] = "Bearer " + key },
            send = true,
        });
        Assert.That(published.GetProperty("status").GetInt32(), Is.EqualTo(201), published.GetProperty("body").GetString());
        Assert.Multiple(() =>
        {
            Assert.That(published.GetProperty("location").GetString(), Does.Match("^/whip/[A-Za-z0-9]{22}$"));
            Assert.That(published.GetProperty("etag").GetString(), Does.Match("^\"[A-Za-z0-9]+\"$"));
            Assert.That(published.GetProperty("contentType").GetString(), Does.StartWith("application/sdp"));
            Assert.That(published.GetProperty("body").GetString(), Does.Contain("a=candidate:").And.Contain("a=ice-lite"));
        });

        var id = await LiveIdAsync(title);
        using var entry = JsonDocument.Parse(await WebSite.Node.Http.GetStringAsync($"API/VIDEO/{id}"));
        var whep = entry.RootElement.GetProperty("WHEP").GetString();
        Assert.Multiple(() =>
        {
            Assert.That(entry.RootElement.GetProperty("type").GetString(), Is.EqualTo("WebRTC"));
            Assert.That(entry.RootElement.GetProperty("description").GetString(), Is.EqualTo("From a WHIP encoder"));
            Assert.That(whep, Is.EqualTo(WebSite.Url("/whep/" + id).AbsoluteUri));
        });

        var player = await OpenOtherPageAsync();
        await player.GotoAsync("/");
        var played = await player.EvaluateAsync<JsonElement>(Negotiate, new { url = whep, headers = new Dictionary<string, string>(), send = false });
        Assert.That(played.GetProperty("status").GetInt32(), Is.EqualTo(201), played.GetProperty("body").GetString());
        Assert.That(played.GetProperty("location").GetString(), Does.Match($"^/whep/{id}/[A-Za-z0-9]{{22}}$"));
        await PollAsync("frames decoded by the WHEP player", () => player.EvaluateAsync<int>(FramesDecoded), f => f > 10, 30);

        // The same stream through the web client's own protocol (Appendix D).
        var watcher = await OpenOtherPageAsync();
        await watcher.GotoAsync("/watch/" + id);
        var video = watcher.Locator("[data-live-player] video");
        await PollAsync("a picture through Appendix D", () => video.EvaluateAsync<int>("v => v.videoWidth"), w => w > 0, 30);

        // DELETE of the WHEP session, then of the WHIP one: the stream ends and leaves the live listing.
        var whepSession = played.GetProperty("location").GetString()!;
        Assert.That(await Page.EvaluateAsync<int>("async url => (await fetch(url, { method: 'DELETE' })).status", whepSession), Is.EqualTo(200));
        Assert.That(await Page.EvaluateAsync<int>("async url => (await fetch(url, { method: 'DELETE' })).status", whepSession), Is.EqualTo(404));
        Assert.That(await Page.EvaluateAsync<int>("async url => (await fetch(url, { method: 'DELETE' })).status",
            published.GetProperty("location").GetString()), Is.EqualTo(200));
        await Expect(watcher.Locator("[data-live-player] .live-state")).Not.ToHaveTextAsync("Connected", new() { Timeout = 15_000 });
        // Recorded like any live stream: once ended, the entry becomes its recording, a stored video.
        await PollAsync("the ended WHIP stream's recording in GET /API/VIDEO/{ID}", async () =>
        {
            using var response = await WebSite.Node.Http.GetAsync($"API/VIDEO/{id}");
            return response.IsSuccessStatusCode
                ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("type").GetString()
                : response.StatusCode.ToString();
        }, type => type == "HTTP", 30);
    }

    /// <summary>The node enters the stream in the catalogue once its media connected: found by its title.</summary>
    private static async Task<string> LiveIdAsync(string title)
    {
        string? id = null;
        await PollAsync("the WHIP stream in the live listing", async () =>
        {
            using var response = await WebSite.Node.Http.PostAsJsonAsync("API/VIDEO/", new { Type = "WebRTC" });
            var live = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray();
            id = live.Where(v => v.GetProperty("Title").GetString() == title).Select(v => v.GetProperty("ID").GetString()).FirstOrDefault();
            return id;
        }, found => found is not null, 30);
        return id!;
    }
}
