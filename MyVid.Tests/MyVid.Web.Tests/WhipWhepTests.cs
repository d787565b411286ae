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

    /// <summary>
    /// ICE restart as RFC 9725 §4.3.2 has it: <c>restartIce()</c>, a new offer gathered, its credentials and candidates
    /// PATCHed with <c>If-Match: *</c>, and the server's new ufrag/pwd from the 200 applied as the answer's.
    /// </summary>
    private const string RestartIce = """
        async ({ url }) => {
          const pc = window.pc;
          const before = await selectedPair(pc);
          pc.restartIce();
          await pc.setLocalDescription(await pc.createOffer());
          await new Promise(done => {
            if (pc.iceGatheringState === 'complete') done();
            pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && done());
            setTimeout(done, 3000);
          });
          const offer = pc.localDescription.sdp;
          const line = name => offer.match(new RegExp('a=' + name + ':(.*)\r\n'))[1];
          const firstMedia = offer.slice(offer.indexOf('m='));
          const fragment = 'a=ice-ufrag:' + line('ice-ufrag') + '\r\na=ice-pwd:' + line('ice-pwd') + '\r\n'
            + firstMedia.slice(0, firstMedia.indexOf('\r\n') + 2) + 'a=mid:' + line('mid') + '\r\n'
            + offer.split('\r\n').filter(l => l.startsWith('a=candidate:')).map(l => l + '\r\n').join('') + 'a=end-of-candidates\r\n';
          const response = await fetch(url, { method: 'PATCH', headers: { 'Content-Type': 'application/trickle-ice-sdpfrag', 'If-Match': '*' }, body: fragment });
          const body = await response.text();
          if (response.status === 200) {
            const server = name => body.match(new RegExp('a=' + name + ':(.*)\r\n'))[1];
            const answer = pc.remoteDescription.sdp.replace(/a=ice-ufrag:.*\r\n/g, 'a=ice-ufrag:' + server('ice-ufrag') + '\r\n')
              .replace(/a=ice-pwd:.*\r\n/g, 'a=ice-pwd:' + server('ice-pwd') + '\r\n');
            await pc.setRemoteDescription({ type: 'answer', sdp: answer });
          }
          return { status: response.status, body, etag: response.headers.get('ETag'), contentType: response.headers.get('Content-Type'),
            localUfrag: line('ice-ufrag'), pairBefore: before };
        }
        """;

    /// <summary>The id of the selected candidate pair (a new one once an ICE restart's pair is nominated) and the ICE state.</summary>
    private const string SelectedPair = """
        () => {
          window.selectedPair = async pc => {
            let pair = null;
            (await pc.getStats()).forEach(s => { if (s.type === 'transport') pair = s.selectedCandidatePairId || null; });
            return pair + ' ' + pc.iceConnectionState;
          };
        }
        """;

    [Test]
    public async Task An_ICE_restart_over_PATCH_moves_a_live_WHIP_publisher_to_new_credentials_and_the_stream_keeps_playing()
    {
        var key = await WebSite.Node.CreateStreamKeyAsync("Restarting encoder");
        var title = "ICE restart " + Guid.NewGuid().ToString("N")[..8];
        await Page.GotoAsync("/");
        await Page.EvaluateAsync(SelectedPair);
        var published = await Page.EvaluateAsync<JsonElement>(Negotiate, new
        {
            url = "/whip?title=" + Uri.EscapeDataString(title),
            headers = new Dictionary<string, string> { ["Authorization"] = "Bearer " + key },
            send = true,
        });
        Assert.That(published.GetProperty("status").GetInt32(), Is.EqualTo(201), published.GetProperty("body").GetString());
        var location = published.GetProperty("location").GetString()!;
        var id = await LiveIdAsync(title);
        var player = await OpenOtherPageAsync();
        await player.GotoAsync("/");
        var played = await player.EvaluateAsync<JsonElement>(Negotiate, new { url = "/whep/" + id, headers = new Dictionary<string, string>(), send = false });
        Assert.That(played.GetProperty("status").GetInt32(), Is.EqualTo(201), played.GetProperty("body").GetString());
        await PollAsync("frames decoded by the WHEP player", () => player.EvaluateAsync<int>(FramesDecoded), f => f > 10, 30);

        var restarted = await Page.EvaluateAsync<JsonElement>(RestartIce, new { url = location });
        var newETag = restarted.GetProperty("etag").GetString();
        Assert.Multiple(() =>
        {
            Assert.That(restarted.GetProperty("status").GetInt32(), Is.EqualTo(200), restarted.GetProperty("body").GetString());
            Assert.That(restarted.GetProperty("contentType").GetString(), Does.StartWith("application/trickle-ice-sdpfrag"));
            Assert.That(restarted.GetProperty("body").GetString(), Does.Contain("a=ice-ufrag:").And.Contain("a=candidate:").And.Contain("a=end-of-candidates"));
            Assert.That(newETag, Is.Not.EqualTo(published.GetProperty("etag").GetString()));
        });

        // Chromium nominates a pair of the new generation (a new selected pair), which the node answers: ICE stays connected.
        var pairBefore = restarted.GetProperty("pairBefore").GetString()!;
        await PollAsync("a new selected candidate pair after the restart", () => Page.EvaluateAsync<string>("() => selectedPair(window.pc)"),
            pair => pair != pairBefore && pair.EndsWith(" connected", StringComparison.Ordinal), 30);
        // The media goes on through the restart: the WHEP player keeps decoding the publisher's frames.
        var framesAfterRestart = await player.EvaluateAsync<int>(FramesDecoded);
        await PollAsync("frames decoded after the restart", () => player.EvaluateAsync<int>(FramesDecoded), f => f > framesAfterRestart + 30, 30);

        // Trickles now need the restart's ETag.
        const string Patch = "async ({ url, etag }) => (await fetch(url, { method: 'PATCH', headers: { 'Content-Type': 'application/trickle-ice-sdpfrag', 'If-Match': etag }, body: 'a=end-of-candidates\\r\\n' })).status";
        Assert.That(await Page.EvaluateAsync<int>(Patch, new { url = location, etag = published.GetProperty("etag").GetString() }), Is.EqualTo(412));
        Assert.That(await Page.EvaluateAsync<int>(Patch, new { url = location, etag = newETag }), Is.EqualTo(204));
        Assert.That(await Page.EvaluateAsync<int>("async url => (await fetch(url, { method: 'DELETE' })).status", location), Is.EqualTo(200));
    }

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
            Assert.That(published.GetProperty("location").GetString(), Does.Match("^/whip/[A-Za-z0-9]{32}$"));
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
        Assert.That(played.GetProperty("location").GetString(), Does.Match($"^/whep/{id}/[A-Za-z0-9]{{32}}$"));
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
