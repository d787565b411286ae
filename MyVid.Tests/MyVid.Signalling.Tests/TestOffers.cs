using System.Text;

namespace MyVid.Signalling.Tests;

/// <summary>Offers as a WHIP encoder or WHEP player sends them: BUNDLE, ICE credentials, a fingerprint, every candidate.</summary>
internal static class TestOffers
{
    public static string Offer(int audio = 1, int video = 1, string direction = "sendonly")
    {
        var mids = Enumerable.Range(0, audio + video).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var sdp = new StringBuilder()
            .Append("v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n")
            .Append("a=group:BUNDLE ").Append(string.Join(' ', mids)).Append("\r\na=msid-semantic: WMS\r\n");
        for (var i = 0; i < mids.Length; i++)
        {
            var isAudio = i < audio;
            sdp.Append(isAudio ? "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n" : "m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\n")
                .Append("c=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n")
                .Append("a=ice-ufrag:Ab1c\r\na=ice-pwd:0123456789abcdefghijklmn\r\na=ice-options:trickle\r\n")
                .Append("a=fingerprint:sha-256 5B:D1:7B:22:6F:18:2E:0C:7A:E8:A8:9B:F5:1E:52:55:C0:17:BE:D1:48:76:34:87:DE:9C:A1:B5:1D:55:2E:31\r\n")
                .Append("a=setup:actpass\r\na=mid:").Append(mids[i]).Append("\r\n")
                .Append('a').Append('=').Append(direction).Append("\r\na=rtcp-mux\r\n");
            sdp.Append(isAudio
                ? "a=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n"
                : "a=rtpmap:96 VP8/90000\r\na=rtcp-fb:96 nack\r\na=rtcp-fb:96 nack pli\r\na=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=96\r\n");
            if (i == 0)
            {
                sdp.Append("a=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host\r\na=end-of-candidates\r\n");
            }
        }
        return sdp.ToString();
    }

    /// <summary>What the fake media node answers: enough to tell it came through untouched.</summary>
    public const string Answer = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=ice-lite\r\n";
}
