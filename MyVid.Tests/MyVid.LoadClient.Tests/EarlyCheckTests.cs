using System.Net;
using System.Net.Sockets;
using MyVid.WebRtc.Dtls;
using MyVid.WebRtc.Peer;
using MyVid.WebRtc.Sdp;
using MyVid.WebRtc.Stun;

namespace MyVid.LoadClient.Tests;

/// <summary>
/// A viewer's ICE check that reaches the node before the viewer's answer (the usual order in a join storm: the check
/// takes one UDP hop, the answer a trip through the signalling socket) waits on the node and is answered once the
/// answer is applied, instead of being dropped until the client's retransmission.
/// </summary>
[NonParallelizable]
public sealed class EarlyCheckTests
{
    [Test]
    public async Task A_check_sent_before_the_answer_is_answered_once_the_answer_is_applied()
    {
        await using var node = await LiveNode.StartAsync();
        using var signal = await SignalSocket.ConnectAsync(node.SessionUrl, node.Stop);
        await signal.SendAsync(node.Stop, ("type", "join"), ("StreamID", node.StreamId));
        using var offerMessage = await signal.ReceiveAsync(node.Stop);
        Assert.That(SignalSocket.Text(offerMessage!, "type"), Is.EqualTo("offer"));
        var offer = SdpParser.Parse(SignalSocket.Text(offerMessage!, "sdp")!);
        using var viewer = new Viewer(0);
        var settings = new PeerSettings(DtlsCertificate.Create(DateTimeOffset.UtcNow));
        Assert.That(viewer.TryAnswer(offer, settings, IPAddress.Loopback, _ => { }, out var answer, out _), Is.True, viewer.Error);
        var connection = viewer.Connection!;
        connection.HandleTimeout(DateTimeOffset.UtcNow);
        Assert.That(connection.TryPollTransmit(out var check), Is.True, "the client's first check");
        var checkBytes = check.Datagram.ToArray();
        var socket = viewer.Socket!;
        socket.Blocking = true;
        socket.ReceiveTimeout = 5000;
        socket.Send(checkBytes);

        await Task.Delay(500);
        var answeredEarly = socket.Available > 0;
        await signal.SendAsync(node.Stop, ("type", "answer"), ("sdp", answer));
        var buffer = new byte[2048];
        var length = socket.Receive(buffer); // no retransmission from us: only the node's replay can answer
        using var stats = await node.StatsAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(answeredEarly, Is.False, "without the answer the node cannot check the USERNAME's remote part");
            Assert.That(StunMessage.TryParse(buffer.AsSpan(0, length), out var response), Is.True);
            Assert.That(response.Class, Is.EqualTo(StunClass.SuccessResponse));
            Assert.That(buffer.AsSpan(8, 12).ToArray(), Is.EqualTo(checkBytes.AsSpan(8, 12).ToArray()), "the response is to our early check's transaction");
            Assert.That(stats.RootElement.GetProperty("earlyDatagramsReplayed").GetInt64(), Is.GreaterThanOrEqualTo(1));
        }
    }
}
