using System.Buffers.Binary;
using System.Net;
using MyVid.WebRtc.Peer;
using MyVid.WebRtc.Sdp;
using MyVid.WebRtc.Tests.Udp;

namespace MyVid.WebRtc.BrowserTests;

/// <summary>
/// A test server built from MyVid.WebRtc: answers a browser's offer sendrecv, and sends every RTP packet it receives
/// straight back, re-protected with its own SRTP context under the SSRCs its answer declares.
/// </summary>
internal sealed class EchoServer : IDisposable
{
    private const uint VideoSsrc = 0x0EC40001;
    private const uint VideoRtxSsrc = 0x0EC40002;
    private const uint AudioSsrc = 0x0EC40003;

    private readonly UdpPeerDriver _driver = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly Dictionary<uint, uint> _ssrcs = [];
    private int _echoed;

    public UdpPeerDriver Driver => _driver;

    public int Echoed => Volatile.Read(ref _echoed);

    /// <summary>Answers <paramref name="offerSdp"/> and starts serving; returns the answer SDP.</summary>
    public string Answer(string offerSdp, PeerSettings settings)
    {
        var offer = SdpParser.Parse(offerSdp);
        var connection = PeerConnection.CreateServer(settings);
        connection.AddHostCandidate(_driver.LocalEndPoint);
        bool accepted = connection.TryAcceptOffer(offer, LocalCapabilities.CreateDefault(), SdpOrigin.Anonymous("4711", 1),
            options =>
            {
                options.Directions[MediaKind.Audio] = MediaDirection.SendRecv;
                options.Directions[MediaKind.Video] = MediaDirection.SendRecv;
                foreach (var media in offer.Media)
                {
                    MapSsrcs(media, options);
                }
            },
            out var answer, out var error);
        if (!accepted)
        {
            connection.Dispose();
            throw new InvalidOperationException("The offer was not accepted: " + error);
        }

        _driver.OnRtp = Echo;
        _driver.Start(connection);
        return SdpWriter.Write(answer!);
    }

    public void Dispose() => _driver.Dispose();

    /// <summary>The browser's SSRCs of a section (the FID group's primary and RTX, or its one SSRC) to ours.</summary>
    private void MapSsrcs(MediaDescription media, AnswerOptions options)
    {
        if (media.Mid is null || media.Ssrcs.Count == 0)
        {
            return;
        }

        var msid = new Msid("echo", media.Kind == MediaKind.Video ? "echo-video" : "echo-audio");
        if (media.Kind == MediaKind.Video)
        {
            var fid = media.SsrcGroups.FirstOrDefault(g => g.Semantics == SsrcGroup.Fid);
            uint primary = fid?.Ssrcs[0] ?? media.Ssrcs[0].Ssrc;
            _ssrcs[primary] = VideoSsrc;
            if (fid is { Ssrcs.Count: > 1 })
            {
                _ssrcs[fid.Ssrcs[1]] = VideoRtxSsrc;
            }

            options.SendTracks[media.Mid] = new SendTrack(VideoSsrc, "echo", msid, VideoRtxSsrc);
        }
        else if (media.Kind == MediaKind.Audio)
        {
            _ssrcs[media.Ssrcs[0].Ssrc] = AudioSsrc;
            options.SendTracks[media.Mid] = new SendTrack(AudioSsrc, "echo", msid);
        }
    }

    // On the driver's thread: the packet is decrypted in the receive buffer, rewritten and protected in place.
    private void Echo(UdpPeerDriver driver, byte[] buffer, int length)
    {
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(8));
        if (_ssrcs.TryGetValue(ssrc, out uint ours))
        {
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), ours);
            if (driver.SendRtp(buffer, length))
            {
                Interlocked.Increment(ref _echoed);
            }
        }
    }
}
