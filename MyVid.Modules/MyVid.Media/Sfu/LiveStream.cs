using System.Buffers.Binary;
using MyVid.Media.Recording;
using MyVid.Media.Transport;
using MyVid.WebRtc.Rtp;

namespace MyVid.Media.Sfu;

/// <summary>
/// One live stream: a publisher and its viewers. Each publisher packet is rewritten once to the stream's SSRC, kept
/// in the track's <see cref="PacketCache"/> (video), then per viewer copied into the loop's scratch buffer, mapped
/// to the viewer's payload type and extension ids where they differ, protected in place and sent: no decoding, no
/// re-encoding, no allocation. Viewers' NACKs are answered from the cache, their keyframe requests merged by a
/// <see cref="KeyframeThrottle"/>; a joining viewer starts from the latest keyframe in the cache (<see cref="LatestKeyframe"/>,
/// <c>.KeyframeReplay.cs</c>); SRs are rewritten per viewer. Gaps in the publisher's video are asked for again
/// (<see cref="UpstreamRepair"/>) and its RTX answers unwrapped and forwarded. Loop thread only.
/// </summary>
internal sealed partial class LiveStream : IDisposable
{
    private const byte NoTrack = 0xFF;
    private const int MaxNackedPerPacket = 64;
    private static readonly TimeSpan FeedbackInterval = TimeSpan.FromSeconds(1);

    private readonly IPacketSender _sender;
    private readonly byte[] _scratch;
    private readonly byte[] _trackByPayloadType = new byte[128];
    private readonly byte[] _trackByRtxPayloadType = new byte[128];
    private readonly PacketCache?[] _caches;
    private readonly LatestKeyframe?[] _keyframes;
    private readonly UpstreamRepair?[] _repairs;
    private readonly ulong _publisherMaxBitrate;
    private readonly SfuCounters _counters;
    private DateTimeOffset _nextFeedback;

    public LiveStream(StreamInfo info, LivePeer publisher, StreamTrack[] tracks, IPacketSender sender, byte[] scratch, ulong publisherMaxBitrate, SfuCounters counters)
    {
        _counters = counters;
        Info = info;
        Publisher = publisher;
        Tracks = tracks;
        _sender = sender;
        _scratch = scratch;
        _publisherMaxBitrate = publisherMaxBitrate;
        NodeSsrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
        Array.Fill(_trackByPayloadType, NoTrack);
        Array.Fill(_trackByRtxPayloadType, NoTrack);
        _caches = new PacketCache?[tracks.Length];
        _keyframes = new LatestKeyframe?[tracks.Length];
        _repairs = new UpstreamRepair?[tracks.Length];
        foreach (var track in tracks)
        {
            _trackByPayloadType[track.Codec.PayloadType & 0x7F] = (byte)track.Index;
            if (track.IsVideo)
            {
                _caches[track.Index] = new PacketCache();
                _keyframes[track.Index] = new LatestKeyframe();
                _repairs[track.Index] = new UpstreamRepair();
                if (track.Rtx is { } rtx)
                {
                    _trackByRtxPayloadType[rtx.PayloadType & 0x7F] = (byte)track.Index;
                }
            }
        }
    }

    public string Id => Info.StreamId;

    public StreamInfo Info { get; }

    public LivePeer Publisher { get; }

    public StreamTrack[] Tracks { get; }

    public List<Viewer> Viewers { get; } = [];

    public KeyframeThrottle Keyframes { get; } = new(KeyframeThrottle.DefaultInterval);

    /// <summary>The stream's recording once it is live and recorded (<see cref="LiveRecordings"/>); fed every publisher packet.</summary>
    public StreamRecording? Recording { get; set; }

    /// <summary>The sender SSRC of our own RTCP (PLI, RR, REMB to the publisher).</summary>
    public uint NodeSsrc { get; }

    public bool PublisherConnected { get; set; }

    public bool Ended { get; set; }

    /// <summary>Viewers the socket could not keep up with; the router drops them on its next tick.</summary>
    public List<Viewer> Lagging { get; } = [];

    public long PacketsForwarded { get; private set; }

    /// <summary>Packets sent again from the cache for viewers' NACKs.</summary>
    public long PacketsRetransmitted { get; private set; }

    /// <summary>NACKs sent to the publisher, and the packets they brought back.</summary>
    public long UpstreamNacks => _repairs.Sum(r => r?.NacksSent ?? 0);

    public long UpstreamRecovered => _repairs.Sum(r => r?.Recovered ?? 0);

    public void OnPublisherRtp(Span<byte> packet, DateTimeOffset now)
    {
        if (!RtpHeader.TryParse(packet, out var header))
        {
            return;
        }

        Recording?.OnPublisherRtp(packet, now);
        var index = _trackByPayloadType[header.PayloadType];
        if (index == NoTrack)
        {
            // The publisher's RTX: only what upstream repair asked for goes on, as the packet it repairs.
            if (!TryUnwrapRepair(ref packet, header, out index) || !RtpHeader.TryParse(packet, out header))
            {
                return;
            }
        }
        else
        {
            _repairs[index]?.OnReceived(header.SequenceNumber);
        }

        var payloadLength = header.Payload.Length;
        if (payloadLength == 0)
        {
            return; // padding-only probes are not forwarded
        }

        var track = Tracks[index];
        var sequenceNumber = header.SequenceNumber;
        if (track.PublisherSsrc != header.Ssrc)
        {
            _keyframes[index]?.Forget(); // an encoder restart numbers anew
        }

        track.PublisherSsrc = header.Ssrc;
        track.CountReceived(sequenceNumber);
        var keyframe = track.IsVideo && track.StartsKeyframe(header.Payload);
        if (keyframe)
        {
            _keyframes[index]!.OnKeyframePacket(sequenceNumber, header.Timestamp, now);
            Keyframes.OnKeyframe();
        }

        RtpHeader.SetSsrc(packet, track.Ssrc);
        _caches[index]?.Store(sequenceNumber, packet);
        for (var i = 0; i < Viewers.Count; i++)
        {
            var viewer = Viewers[i];
            if (!viewer.Connected || viewer.Rewrites[index] is not { } rewrite || viewer.ReplayNext[index] is not null)
            {
                continue; // a replaying viewer gets this packet from the cache in its turn
            }

            if (track.IsVideo && viewer.WaitingForKeyframe)
            {
                if (!keyframe)
                {
                    continue;
                }

                viewer.WaitingForKeyframe = false;
                viewer.FirstKeyframeAt = now;
            }

            if (Send(viewer, packet, rewrite))
            {
                viewer.PacketsSent[index]++;
                viewer.OctetsSent[index] += (uint)payloadLength;
                PacketsForwarded++;
            }
        }
    }

    public void Tick(DateTimeOffset now)
    {
        if (Keyframes.PollDue(now))
        {
            SendPictureLossIndication();
        }

        AskPublisherAgain(now);
        ContinueReplays();

        if (Recording?.TakeKeyframeRequest() == true)
        {
            RequestKeyframe(now);
        }

        if (PublisherConnected && now >= _nextFeedback)
        {
            _nextFeedback = now + FeedbackInterval;
            SendPublisherFeedback(now);
        }
    }

    public void Dispose()
    {
        foreach (var cache in _caches)
        {
            cache?.Dispose();
        }
    }

    /// <summary>An RTX packet of a video track becomes the packet it carries, in place; false for probes and packets no one missed.</summary>
    private bool TryUnwrapRepair(ref Span<byte> packet, RtpHeader header, out byte index)
    {
        index = _trackByRtxPayloadType[header.PayloadType];
        if (index == NoTrack || header.Payload.Length <= 2 || Tracks[index].PublisherSsrc is not { } ssrc
            || !_repairs[index]!.OnReceived(BinaryPrimitives.ReadUInt16BigEndian(header.Payload)))
        {
            return false;
        }

        packet = TrackRewrite.UnwrapRtx(packet, Tracks[index].Codec.PayloadType, ssrc);
        return !packet.IsEmpty;
    }

    private bool Send(Viewer viewer, ReadOnlySpan<byte> packet, TrackRewrite rewrite)
    {
        var buffer = _scratch.AsSpan();
        packet.CopyTo(buffer);
        if (!rewrite.Rewrite(buffer[..packet.Length]))
        {
            return false;
        }

        return Sent(viewer, _sender.SendRtp(viewer.Peer, buffer, packet.Length));
    }

    private bool Sent(Viewer viewer, bool sent)
    {
        if (sent)
        {
            viewer.ConsecutiveSendFailures = 0;
            return true;
        }

        viewer.Skipped++;
        if (++viewer.ConsecutiveSendFailures == Viewer.MaxConsecutiveSendFailures)
        {
            Lagging.Add(viewer);
        }

        return false;
    }
}
