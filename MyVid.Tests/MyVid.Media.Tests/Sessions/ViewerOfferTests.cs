using System.Net.WebSockets;
using System.Text.Json;
using MyVid.Media.Sessions;
using MyVid.Media.Sfu;
using MyVid.Media.Tests.Harness;
using MyVid.WebRtc.Sdp;
using MyVid.WebRtc.Tests.Sdp;

namespace MyVid.Media.Tests.Sessions;

/// <summary>
/// A join carrying the viewer's own recvonly offer (WHEP, relayed by the api): answered sendonly in the viewer's
/// payload types, with the node's candidate, and the stream's packets rewritten to them.
/// </summary>
[NonParallelizable]
public sealed class ViewerOfferTests
{
    private MediaNode _node = null!;

    [OneTimeSetUp]
    public async Task StartNode() => _node = await MediaNode.StartAsync();

    [OneTimeTearDown]
    public async Task StopNode() => await _node.DisposeAsync();

    /// <summary>A WHEP player's offer: video first, VP8 at 120 with RTX at 121, Opus at 109 (the publisher uses 96, 97, 111).</summary>
    private static string ViewerOffer(string videoCodec = "VP8") => string.Join("\r\n",
        "v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE v a",
        "m=video 9 UDP/TLS/RTP/SAVPF 120 121", "c=IN IP4 0.0.0.0", "a=ice-ufrag:wXyZ", "a=ice-pwd:abcdefghijklmnopqrstuvwx",
        "a=fingerprint:sha-256 5B:D1:7B:22:6F:18:2E:0C:7A:E8:A8:9B:F5:1E:52:55:C0:17:BE:D1:48:76:34:87:DE:9C:A1:B5:1D:55:2E:31",
        "a=setup:actpass", "a=mid:v", "a=recvonly", "a=rtcp-mux", $"a=rtpmap:120 {videoCodec}/90000", "a=rtcp-fb:120 nack pli",
        "a=rtpmap:121 rtx/90000", "a=fmtp:121 apt=120",
        "m=audio 9 UDP/TLS/RTP/SAVPF 109", "c=IN IP4 0.0.0.0", "a=ice-ufrag:wXyZ", "a=ice-pwd:abcdefghijklmnopqrstuvwx",
        "a=fingerprint:sha-256 5B:D1:7B:22:6F:18:2E:0C:7A:E8:A8:9B:F5:1E:52:55:C0:17:BE:D1:48:76:34:87:DE:9C:A1:B5:1D:55:2E:31",
        "a=setup:actpass", "a=mid:a", "a=recvonly", "a=rtcp-mux", "a=rtpmap:109 opus/48000/2", "");

    [Test]
    public async Task A_join_with_an_offer_is_answered_sendonly_in_the_viewer_s_payload_types_and_packets_are_rewritten_to_them()
    {
        using var publisher = await SignalClient.ConnectAsync(_node.SessionUrl);
        await SignalClient.SendAsync(publisher, JsonSerializer.Serialize(new { type = "offer", sdp = SdpSamples.ChromeOffer }));
        Assert.That((await SignalClient.ReceiveAsync(publisher)).GetProperty("type").GetString(), Is.EqualTo("answer"));
        var streamId = _node.Streams.All.Single(s => !s.Ended).StreamId;

        using var viewer = await SignalClient.ConnectAsync(_node.SessionUrl);
        await SignalClient.SendAsync(viewer, JsonSerializer.Serialize(new { type = "join", StreamID = streamId, sdp = ViewerOffer() }));
        var answer = await SignalClient.ReceiveAsync(viewer);
        Assert.That(answer.GetProperty("type").GetString(), Is.EqualTo("answer"));
        var sdp = SdpParser.Parse(answer.GetProperty("sdp").GetString()!);
        var video = sdp.Media.Single(m => m.Mid == "v");
        var audio = sdp.Media.Single(m => m.Mid == "a");
        Assert.Multiple(() =>
        {
            Assert.That(sdp.IceLite, Is.True);
            Assert.That(video.Direction, Is.EqualTo(MediaDirection.SendOnly));
            Assert.That(audio.Direction, Is.EqualTo(MediaDirection.SendOnly));
            Assert.That(video.Codecs.Select(c => c.ToString()), Is.EqualTo(new[] { "120 VP8/90000", "121 rtx/90000" }));
            Assert.That(audio.Codecs.Select(c => c.ToString()), Is.EqualTo(new[] { "109 opus/48000/2" }));
            Assert.That(video.Ssrcs, Is.Not.Empty, "the stream's SSRCs, so the player knows its tracks");
            Assert.That(sdp.Media.SelectMany(m => m.Candidates).Count(), Is.EqualTo(1), "the node's candidate is in the answer (no trickle needed)");
            Assert.That(_node.Streams.All.Single(s => s.StreamId == streamId).Viewers, Is.EqualTo(1));
        });

        // The same through the router: the publisher's VP8 (96) goes out as the viewer's 120.
        var joined = await _node.Loop.InvokeAsync(() => _node.Router.JoinWithOffer(streamId, SdpParser.Parse(ViewerOffer()), new SessionObserver(), DateTimeOffset.UtcNow));
        Assert.That(joined.Error, Is.Null);
        var rewrites = ((Viewer)joined.Peer!.Owner!).Rewrites;
        var packet = new byte[] { 0x80, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 0xAA };
        var rewritten = rewrites.Where(r => r is not null).Count(r => { var copy = (byte[])packet.Clone(); r!.Rewrite(copy); return copy[1] == 120; });
        Assert.That(rewritten, Is.EqualTo(1), "exactly the video track maps 96 to 120");
        Assert.That(rewrites.Single(r => r?.RtxPayloadType is not null)!.RtxPayloadType, Is.EqualTo((byte)121));
        await _node.Loop.InvokeAsync(() =>
        {
            _node.Router.Leave(joined.Peer, "test over");
            return 0;
        });
    }

    [Test]
    public async Task An_offer_that_takes_none_of_the_stream_s_tracks_is_refused_and_the_session_goes_on_an_unknown_stream_closes_it()
    {
        using var publisher = await SignalClient.ConnectAsync(_node.SessionUrl);
        await SignalClient.SendAsync(publisher, JsonSerializer.Serialize(new { type = "offer", sdp = SdpSamples.ChromeOffer }));
        await SignalClient.ReceiveAsync(publisher);
        var streamId = _node.Streams.All.Last(s => !s.Ended).StreamId;

        using var viewer = await SignalClient.ConnectAsync(_node.SessionUrl);
        var videoOnlyH264 = ViewerOffer("H264").Split("m=audio")[0].Replace("BUNDLE v a", "BUNDLE v", StringComparison.Ordinal);
        await SignalClient.SendAsync(viewer, JsonSerializer.Serialize(new { type = "join", StreamID = streamId, sdp = videoOnlyH264 }));
        var refused = await SignalClient.ReceiveAsync(viewer);
        Assert.That(refused.GetProperty("message").GetString(), Does.StartWith("offer not accepted:"));

        await SignalClient.SendAsync(viewer, JsonSerializer.Serialize(new { type = "join", StreamID = "NoSuchStream", sdp = ViewerOffer() }));
        Assert.That((await SignalClient.ReceiveAsync(viewer)).GetProperty("message").GetString(), Does.StartWith("no live stream"));
        Assert.That(await SignalClient.ReceiveCloseAsync(viewer), Is.EqualTo(WebSocketCloseStatus.PolicyViolation));
    }
}
