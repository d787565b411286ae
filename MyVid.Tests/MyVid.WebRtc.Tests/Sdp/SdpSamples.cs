namespace MyVid.WebRtc.Tests.Sdp;

/// <summary>Offers as browsers write them (shapes taken from Chromium 156 and Firefox; keys and ids made up).</summary>
internal static class SdpSamples
{
    /// <summary>Chromium publishing camera and microphone, after ICE gathering, with mDNS host candidates.</summary>
    public static readonly string ChromeOffer = """
        v=0
        o=- 6944530893171245861 2 IN IP4 127.0.0.1
        s=-
        t=0 0
        a=group:BUNDLE 0 1
        a=extmap-allow-mixed
        a=msid-semantic: WMS 8b9f1f3c-46c1-4e0e-9a5e-2d7b0e4f6a11
        m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126
        c=IN IP4 0.0.0.0
        a=rtcp:9 IN IP4 0.0.0.0
        a=candidate:3756478392 1 udp 2113937151 5b6f2a0e-2f5c-4d7e-8b1a-9c3d2e1f0a4b.local 51234 typ host generation 0 network-cost 999
        a=candidate:842163049 1 udp 1677729535 203.0.113.24 51234 typ srflx raddr 0.0.0.0 rport 0 generation 0 network-cost 999
        a=ice-ufrag:Xq3Z
        a=ice-pwd:d2VkJ8uQ1XyR+4bNfA0pLm7s
        a=ice-options:trickle
        a=fingerprint:sha-256 A6:AE:B9:A3:7A:67:4F:60:C9:16:42:41:15:BE:73:83:8D:70:A7:DC:12:D8:85:51:AC:88:6D:26:1E:9C:4E:0D
        a=setup:actpass
        a=mid:0
        a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
        a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
        a=sendrecv
        a=msid:8b9f1f3c-46c1-4e0e-9a5e-2d7b0e4f6a11 1c0e7d52-7a0b-4f57-b1d2-36c8e4f0a9b3
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:111 opus/48000/2
        a=rtcp-fb:111 transport-cc
        a=fmtp:111 minptime=10;useinbandfec=1
        a=rtpmap:63 red/48000/2
        a=fmtp:63 111/111
        a=rtpmap:9 G722/8000
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:13 CN/8000
        a=rtpmap:110 telephone-event/48000
        a=rtpmap:126 telephone-event/8000
        a=ssrc:3421870215 cname:pY3k0xW2aQ9rTz1B
        a=ssrc:3421870215 msid:8b9f1f3c-46c1-4e0e-9a5e-2d7b0e4f6a11 1c0e7d52-7a0b-4f57-b1d2-36c8e4f0a9b3
        m=video 9 UDP/TLS/RTP/SAVPF 96 97 103 104 107 108 109 114 115 116 117 118 39 40 45 46 98 99 100 101 119 120 123 124 125
        c=IN IP4 0.0.0.0
        a=rtcp:9 IN IP4 0.0.0.0
        a=ice-ufrag:Xq3Z
        a=ice-pwd:d2VkJ8uQ1XyR+4bNfA0pLm7s
        a=ice-options:trickle
        a=fingerprint:sha-256 A6:AE:B9:A3:7A:67:4F:60:C9:16:42:41:15:BE:73:83:8D:70:A7:DC:12:D8:85:51:AC:88:6D:26:1E:9C:4E:0D
        a=setup:actpass
        a=mid:1
        a=extmap:14 urn:ietf:params:rtp-hdrext:toffset
        a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:13 urn:3gpp:video-orientation
        a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=extmap:5 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay
        a=extmap:6 http://www.webrtc.org/experiments/rtp-hdrext/video-content-type
        a=extmap:7 http://www.webrtc.org/experiments/rtp-hdrext/video-timing
        a=extmap:8 http://www.webrtc.org/experiments/rtp-hdrext/color-space
        a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
        a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id
        a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id
        a=sendrecv
        a=msid:8b9f1f3c-46c1-4e0e-9a5e-2d7b0e4f6a11 e4a1b0c2-5d3f-4a86-9b7e-0f12c3d4e5f6
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:96 VP8/90000
        a=rtcp-fb:96 goog-remb
        a=rtcp-fb:96 transport-cc
        a=rtcp-fb:96 ccm fir
        a=rtcp-fb:96 nack
        a=rtcp-fb:96 nack pli
        a=rtpmap:97 rtx/90000
        a=fmtp:97 apt=96
        a=rtpmap:103 H264/90000
        a=rtcp-fb:103 goog-remb
        a=rtcp-fb:103 transport-cc
        a=rtcp-fb:103 ccm fir
        a=rtcp-fb:103 nack
        a=rtcp-fb:103 nack pli
        a=fmtp:103 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f
        a=rtpmap:104 rtx/90000
        a=fmtp:104 apt=103
        a=rtpmap:107 H264/90000
        a=rtcp-fb:107 goog-remb
        a=rtcp-fb:107 transport-cc
        a=rtcp-fb:107 ccm fir
        a=rtcp-fb:107 nack
        a=rtcp-fb:107 nack pli
        a=fmtp:107 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42001f
        a=rtpmap:108 rtx/90000
        a=fmtp:108 apt=107
        a=rtpmap:109 H264/90000
        a=rtcp-fb:109 goog-remb
        a=rtcp-fb:109 transport-cc
        a=rtcp-fb:109 ccm fir
        a=rtcp-fb:109 nack
        a=rtcp-fb:109 nack pli
        a=fmtp:109 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f
        a=rtpmap:114 rtx/90000
        a=fmtp:114 apt=109
        a=rtpmap:115 H264/90000
        a=rtcp-fb:115 goog-remb
        a=rtcp-fb:115 transport-cc
        a=rtcp-fb:115 ccm fir
        a=rtcp-fb:115 nack
        a=rtcp-fb:115 nack pli
        a=fmtp:115 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f
        a=rtpmap:116 rtx/90000
        a=fmtp:116 apt=115
        a=rtpmap:117 H264/90000
        a=rtcp-fb:117 goog-remb
        a=rtcp-fb:117 transport-cc
        a=rtcp-fb:117 ccm fir
        a=rtcp-fb:117 nack
        a=rtcp-fb:117 nack pli
        a=fmtp:117 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f
        a=rtpmap:118 rtx/90000
        a=fmtp:118 apt=117
        a=rtpmap:39 H264/90000
        a=rtcp-fb:39 goog-remb
        a=rtcp-fb:39 transport-cc
        a=rtcp-fb:39 ccm fir
        a=rtcp-fb:39 nack
        a=rtcp-fb:39 nack pli
        a=fmtp:39 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=4d001f
        a=rtpmap:40 rtx/90000
        a=fmtp:40 apt=39
        a=rtpmap:45 AV1/90000
        a=rtcp-fb:45 goog-remb
        a=rtcp-fb:45 transport-cc
        a=rtcp-fb:45 ccm fir
        a=rtcp-fb:45 nack
        a=rtcp-fb:45 nack pli
        a=fmtp:45 level-idx=5;profile=0;tier=0
        a=rtpmap:46 rtx/90000
        a=fmtp:46 apt=45
        a=rtpmap:98 VP9/90000
        a=rtcp-fb:98 goog-remb
        a=rtcp-fb:98 transport-cc
        a=rtcp-fb:98 ccm fir
        a=rtcp-fb:98 nack
        a=rtcp-fb:98 nack pli
        a=fmtp:98 profile-id=0
        a=rtpmap:99 rtx/90000
        a=fmtp:99 apt=98
        a=rtpmap:100 VP9/90000
        a=rtcp-fb:100 goog-remb
        a=rtcp-fb:100 transport-cc
        a=rtcp-fb:100 ccm fir
        a=rtcp-fb:100 nack
        a=rtcp-fb:100 nack pli
        a=fmtp:100 profile-id=2
        a=rtpmap:101 rtx/90000
        a=fmtp:101 apt=100
        a=rtpmap:119 H264/90000
        a=rtcp-fb:119 goog-remb
        a=rtcp-fb:119 transport-cc
        a=rtcp-fb:119 ccm fir
        a=rtcp-fb:119 nack
        a=rtcp-fb:119 nack pli
        a=fmtp:119 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=64001f
        a=rtpmap:120 rtx/90000
        a=fmtp:120 apt=119
        a=rtpmap:123 red/90000
        a=rtpmap:124 rtx/90000
        a=fmtp:124 apt=123
        a=rtpmap:125 ulpfec/90000
        a=ssrc-group:FID 1987365542 2765432109
        a=ssrc:1987365542 cname:pY3k0xW2aQ9rTz1B
        a=ssrc:1987365542 msid:8b9f1f3c-46c1-4e0e-9a5e-2d7b0e4f6a11 e4a1b0c2-5d3f-4a86-9b7e-0f12c3d4e5f6
        a=ssrc:2765432109 cname:pY3k0xW2aQ9rTz1B
        a=ssrc:2765432109 msid:8b9f1f3c-46c1-4e0e-9a5e-2d7b0e4f6a11 e4a1b0c2-5d3f-4a86-9b7e-0f12c3d4e5f6

        """.ReplaceLineEndings("\r\n");

    /// <summary>Firefox with audio, video and a data channel: fingerprint at session level, fmtp before rtpmap.</summary>
    public static readonly string FirefoxOffer = """
        v=0
        o=mozilla...THIS_IS_SDPARTA-140.0 4294389740118357475 0 IN IP4 0.0.0.0
        s=-
        t=0 0
        a=fingerprint:sha-256 25:42:B0:DE:95:0C:95:B8:E7:1B:72:BF:D6:CF:BD:28:81:83:0A:4A:4A:51:5B:76:19:D8:43:45:3E:E0:9F:78
        a=group:BUNDLE 0 1 2
        a=ice-options:trickle
        a=msid-semantic:WMS *
        m=audio 51892 UDP/TLS/RTP/SAVPF 109 9 0 8 101
        c=IN IP4 198.51.100.7
        a=candidate:0 1 UDP 2122252543 0e7f3a9c-8d21-4b6e-a5f0-3c9d8e7b6a51.local 51892 typ host
        a=candidate:2 1 TCP 2105524479 0e7f3a9c-8d21-4b6e-a5f0-3c9d8e7b6a51.local 9 typ host tcptype active
        a=candidate:1 1 UDP 1686052863 198.51.100.7 51892 typ srflx raddr 0.0.0.0 rport 0
        a=sendrecv
        a=end-of-candidates
        a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
        a=extmap:2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level
        a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid
        a=fmtp:109 maxplaybackrate=48000;stereo=1;useinbandfec=1
        a=fmtp:101 0-15
        a=ice-pwd:4f1c2a7d9e0b3c6a8f5d2e1b7c9a0d3e
        a=ice-ufrag:8a3c1f6e
        a=mid:0
        a=msid:{5d3e7a91-0c42-4b8f-9e1d-6a2b3c4d5e6f} {0a9b8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d}
        a=rtcp-mux
        a=rtpmap:109 opus/48000/2
        a=rtpmap:9 G722/8000/1
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:101 telephone-event/8000
        a=setup:actpass
        a=ssrc:2958241337 cname:{7c4e2b1a-9d8f-4e6a-b5c3-1a2b3c4d5e6f}
        m=video 9 UDP/TLS/RTP/SAVPF 120 124 121 125 126 127 97 98 123 122 119
        c=IN IP4 0.0.0.0
        a=sendrecv
        a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid
        a=extmap:4 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:5 urn:ietf:params:rtp-hdrext:toffset
        a=extmap:6/recvonly http://www.webrtc.org/experiments/rtp-hdrext/playout-delay
        a=extmap:7 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=fmtp:126 profile-level-id=42e01f;level-asymmetry-allowed=1;packetization-mode=1
        a=fmtp:97 profile-level-id=42e01f;level-asymmetry-allowed=1
        a=fmtp:120 max-fs=12288;max-fr=60
        a=fmtp:124 apt=120
        a=fmtp:121 max-fs=12288;max-fr=60
        a=fmtp:125 apt=121
        a=fmtp:127 apt=126
        a=fmtp:98 apt=97
        a=fmtp:119 apt=122
        a=ice-pwd:4f1c2a7d9e0b3c6a8f5d2e1b7c9a0d3e
        a=ice-ufrag:8a3c1f6e
        a=mid:1
        a=msid:{5d3e7a91-0c42-4b8f-9e1d-6a2b3c4d5e6f} {1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e}
        a=rtcp-fb:120 nack
        a=rtcp-fb:120 nack pli
        a=rtcp-fb:120 ccm fir
        a=rtcp-fb:120 goog-remb
        a=rtcp-fb:120 transport-cc
        a=rtcp-fb:121 nack
        a=rtcp-fb:121 nack pli
        a=rtcp-fb:121 ccm fir
        a=rtcp-fb:121 goog-remb
        a=rtcp-fb:121 transport-cc
        a=rtcp-fb:126 nack
        a=rtcp-fb:126 nack pli
        a=rtcp-fb:126 ccm fir
        a=rtcp-fb:126 goog-remb
        a=rtcp-fb:126 transport-cc
        a=rtcp-fb:97 nack
        a=rtcp-fb:97 nack pli
        a=rtcp-fb:97 ccm fir
        a=rtcp-fb:97 goog-remb
        a=rtcp-fb:97 transport-cc
        a=rtcp-fb:123 nack
        a=rtcp-fb:123 nack pli
        a=rtcp-fb:123 ccm fir
        a=rtcp-fb:123 goog-remb
        a=rtcp-fb:123 transport-cc
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:120 VP8/90000
        a=rtpmap:124 rtx/90000
        a=rtpmap:121 VP9/90000
        a=rtpmap:125 rtx/90000
        a=rtpmap:126 H264/90000
        a=rtpmap:127 rtx/90000
        a=rtpmap:97 H264/90000
        a=rtpmap:98 rtx/90000
        a=rtpmap:123 ulpfec/90000
        a=rtpmap:122 red/90000
        a=rtpmap:119 rtx/90000
        a=setup:actpass
        a=ssrc:3187650412 cname:{7c4e2b1a-9d8f-4e6a-b5c3-1a2b3c4d5e6f}
        a=ssrc:1466212190 cname:{7c4e2b1a-9d8f-4e6a-b5c3-1a2b3c4d5e6f}
        a=ssrc-group:FID 3187650412 1466212190
        m=application 9 UDP/DTLS/SCTP webrtc-datachannel
        c=IN IP4 0.0.0.0
        a=sendrecv
        a=ice-pwd:4f1c2a7d9e0b3c6a8f5d2e1b7c9a0d3e
        a=ice-ufrag:8a3c1f6e
        a=mid:2
        a=setup:actpass
        a=sctp-port:5000
        a=max-message-size:1073741823

        """.ReplaceLineEndings("\r\n");
}
