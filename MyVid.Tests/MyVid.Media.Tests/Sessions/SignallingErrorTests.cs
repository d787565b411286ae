using System.Net.WebSockets;
using System.Text.Json;
using MyVid.Media.Tests.Harness;
using MyVid.WebRtc.Tests.Sdp;

namespace MyVid.Media.Tests.Sessions;

/// <summary>Bad input on the signalling socket: a clear <c>{"type":"error","message"}</c>, and the node keeps serving.</summary>
[NonParallelizable]
public sealed class SignallingErrorTests
{
    private MediaNode _node = null!;

    [OneTimeSetUp]
    public async Task StartNode() => _node = await MediaNode.StartAsync();

    [OneTimeTearDown]
    public async Task StopNode() => await _node.DisposeAsync();

    [TestCase("{not json", "malformed JSON")]
    [TestCase("[1,2]", "JSON object")]
    [TestCase("{\"type\":\"dance\"}", "unknown message type 'dance'")]
    [TestCase("{\"hello\":1}", "needs a \"type\"")]
    [TestCase("{\"type\":\"offer\"}", "bad offer: no \"sdp\"")]
    [TestCase("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 1 1 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\n\"}", "no audio or video")]
    [TestCase("{\"type\":\"offer\",\"sdp\":\"garbage\"}", "bad offer")]
    [TestCase("{\"type\":\"answer\",\"sdp\":\"v=0\"}", "'answer' is not expected now")]
    [TestCase("{\"type\":\"LIVE\",\"Title\":\"x\"}", "'LIVE' is not expected now")]
    [TestCase("{\"candidate\":\"candidate:nonsense\"}", "malformed candidate")]
    [TestCase("{\"type\":\"restart\",\"ufrag\":\"Ab1c\",\"pwd\":\"0123456789abcdefghijklmn\"}", "'restart' is not expected now")]
    public async Task Bad_input_is_answered_with_an_error_and_the_session_goes_on(string message, string expected)
    {
        using var socket = await ConnectAsync();
        await SendAsync(socket, message);
        var error = await ReceiveAsync(socket);
        Assert.That(error.GetProperty("type").GetString(), Is.EqualTo("error"));
        Assert.That(error.GetProperty("message").GetString(), Does.Contain(expected));
        await SendAsync(socket, "{\"candidate\":\"\"}"); // end of candidates: accepted silently
        await SendAsync(socket, "{\"type\":\"join\",\"StreamID\":\"nope\"}");
        Assert.That((await ReceiveAsync(socket)).GetProperty("message").GetString(), Does.Contain("no live stream"), "the same session still answers");
    }

    [Test]
    public async Task An_offer_without_a_supported_codec_is_refused_with_the_reason()
    {
        using var socket = await ConnectAsync();
        var offer = SdpSamples.ChromeOffer.Replace("opus/48000/2", "foo/48000/2", StringComparison.Ordinal)
            .Replace("VP8/90000", "VP9/90000", StringComparison.Ordinal).Replace("H264/90000", "AV1X/90000", StringComparison.Ordinal);
        await SendAsync(socket, JsonSerializer.Serialize(new { type = "offer", sdp = offer }));
        var error = await ReceiveAsync(socket);
        Assert.That(error.GetProperty("message").GetString(), Does.Contain("no common codec"));
    }

    [Test]
    public async Task A_browser_offer_is_answered_with_the_nodes_candidate_in_sdp_and_as_a_message()
    {
        using var socket = await ConnectAsync();
        await SendAsync(socket, JsonSerializer.Serialize(new { type = "offer", sdp = SdpSamples.ChromeOffer }));
        var answer = await ReceiveAsync(socket);
        var candidate = await ReceiveAsync(socket);
        Assert.Multiple(() =>
        {
            Assert.That(answer.GetProperty("type").GetString(), Is.EqualTo("answer"));
            Assert.That(answer.GetProperty("sdp").GetString(), Does.Contain("a=ice-lite").And.Contain("a=candidate:").And.Contain("VP8/90000"));
            Assert.That(answer.GetProperty("sdp").GetString(), Does.Not.Contain("H264").And.Not.Contain("transport-cc"));
            Assert.That(candidate.GetProperty("candidate").GetString(), Does.StartWith("candidate:").And.Contain(_node.Loop.LocalEndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        });
        // Browser-shaped candidates and the end marker are taken silently; a second offer is not.
        await SendAsync(socket, "{\"candidate\":\"candidate:1 1 udp 2122260223 192.168.0.69 12345 typ host generation 0\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}");
        await SendAsync(socket, "{\"candidate\":null}");
        await SendAsync(socket, JsonSerializer.Serialize(new { type = "offer", sdp = SdpSamples.ChromeOffer }));
        Assert.That((await ReceiveAsync(socket)).GetProperty("message").GetString(), Does.Contain("'offer' is not expected"));
    }

    [Test]
    public async Task An_ICE_restart_is_answered_with_new_credentials_and_the_same_candidate_and_bad_credentials_with_an_error()
    {
        using var socket = await ConnectAsync();
        await SendAsync(socket, JsonSerializer.Serialize(new { type = "offer", sdp = SdpSamples.ChromeOffer }));
        var answer = (await ReceiveAsync(socket)).GetProperty("sdp").GetString()!;
        var candidate = (await ReceiveAsync(socket)).GetProperty("candidate").GetString();
        var oldUfrag = answer.Split("\r\n").First(l => l.StartsWith("a=ice-ufrag:", StringComparison.Ordinal))["a=ice-ufrag:".Length..];

        await SendAsync(socket, "{\"type\":\"restart\",\"ufrag\":\"x\",\"pwd\":\"short\"}");
        Assert.That((await ReceiveAsync(socket)).GetProperty("message").GetString(), Does.Contain("restart needs"));

        await SendAsync(socket, "{\"type\":\"restart\",\"ufrag\":\"Ab1c\",\"pwd\":\"0123456789abcdefghijklmn\"}");
        var restarted = await ReceiveAsync(socket);
        Assert.Multiple(() =>
        {
            Assert.That(restarted.GetProperty("type").GetString(), Is.EqualTo("restarted"));
            Assert.That(restarted.GetProperty("ufrag").GetString(), Has.Length.GreaterThanOrEqualTo(4).And.Not.EqualTo(oldUfrag));
            Assert.That(restarted.GetProperty("pwd").GetString(), Has.Length.GreaterThanOrEqualTo(22));
            Assert.That(restarted.GetProperty("candidate").GetString(), Is.EqualTo(candidate));
        });
    }

    [Test]
    public async Task Joining_a_stream_that_never_existed_is_an_error_then_close()
    {
        using var socket = await ConnectAsync();
        await SendAsync(socket, "{\"type\":\"join\",\"StreamID\":\"3443\"}");
        var error = await ReceiveAsync(socket);
        Assert.That(error.GetProperty("message").GetString(), Does.Contain("no live stream with StreamID '3443'"));
        Assert.That(await SignalClient.ReceiveCloseAsync(socket), Is.Not.Null, "then the node closes");
    }

    [Test]
    public async Task A_one_megabyte_message_is_refused_and_the_node_keeps_serving()
    {
        using var socket = await ConnectAsync();
        var huge = "{\"type\":\"offer\",\"sdp\":\"" + new string('a', 1024 * 1024) + "\"}";
        await SendAsync(socket, huge);
        Assert.That((await ReceiveAsync(socket)).GetProperty("message").GetString(), Does.Contain("message larger than"));
        using var other = await ConnectAsync();
        await SendAsync(other, JsonSerializer.Serialize(new { type = "offer", sdp = SdpSamples.ChromeOffer }));
        Assert.That((await ReceiveAsync(other)).GetProperty("type").GetString(), Is.EqualTo("answer"));
    }

    private Task<ClientWebSocket> ConnectAsync() => SignalClient.ConnectAsync(_node.SessionUrl);

    private static Task SendAsync(ClientWebSocket socket, string text) => SignalClient.SendAsync(socket, text);

    private static Task<JsonElement> ReceiveAsync(ClientWebSocket socket) => SignalClient.ReceiveAsync(socket);
}
