using MyVid.WebRtc.Rtcp;

namespace MyVid.Media.Sfu;

/// <summary>
/// What viewers tell the stream (receiver reports, NACKs, PLI/FIR, REMB): NACKs answered from the cache (as RTX where
/// negotiated), loss and bitrate estimates kept per viewer, keyframe requests answered from the cache at a viewer's
/// start or handed to the throttle. A partial of <see cref="LiveStream"/> because it shares the stream's caches,
/// rewrites and scratch buffer on the packet path.
/// </summary>
internal sealed partial class LiveStream
{
    public void OnViewerRtcp(Viewer viewer, ReadOnlySpan<byte> packet, DateTimeOffset now)
    {
        foreach (var part in new RtcpCompoundEnumerator(packet))
        {
            switch (part.Type)
            {
                case RtcpPacketType.ReceiverReport when ReceiverReport.TryParse(part.Data, out var report):
                    ReadLoss(viewer, report.ReportBlocks);
                    break;
                case RtcpPacketType.SenderReport when SenderReport.TryParse(part.Data, out var report):
                    ReadLoss(viewer, report.ReportBlocks);
                    break;
                case RtcpPacketType.TransportFeedback when part.Count == GenericNack.Format && GenericNack.TryParse(part.Data, out var nack):
                    _counters.NacksReceived++;
                    Retransmit(viewer, nack);
                    break;
                case RtcpPacketType.PayloadSpecificFeedback when part.Count is PictureLossIndication.Format or FullIntraRequest.Format:
                    _counters.KeyframeRequestsReceived++;
                    if (!TryResendKeyframe(viewer, now))
                    {
                        RequestKeyframe(now);
                    }

                    break;
                case RtcpPacketType.PayloadSpecificFeedback when part.Count == ReceiverEstimatedMaximumBitrate.Format
                    && ReceiverEstimatedMaximumBitrate.TryParse(part.Data, out var remb):
                    viewer.EstimatedBitrate = remb.Bitrate;
                    break;
            }
        }
    }

    private void Retransmit(Viewer viewer, GenericNack nack)
    {
        var mediaSsrc = nack.MediaSsrc;
        var track = Array.Find(Tracks, t => t.Ssrc == mediaSsrc);
        if (track is null || _caches[track.Index] is not { } cache || viewer.Rewrites[track.Index] is not { } rewrite)
        {
            return;
        }

        Span<ushort> lost = stackalloc ushort[MaxNackedPerPacket];
        nack.TryGetLostSequenceNumbers(lost, out var count); // beyond the first 64 the viewer asks again
        foreach (var sequenceNumber in lost[..count])
        {
            if (!cache.TryGet(sequenceNumber, out var original))
            {
                continue;
            }

            if (rewrite.RtxPayloadType is { } rtx)
            {
                var length = TrackRewrite.WriteRtx(original, _scratch, rtx, track.RtxSsrc, viewer.RtxSequence++);
                if (length > 0 && rewrite.Rewrite(_scratch.AsSpan(0, length)) && Sent(viewer, _sender.SendRtp(viewer.Peer, _scratch, length)))
                {
                    viewer.Retransmitted++;
                    PacketsRetransmitted++;
                }
            }
            else if (Send(viewer, original, rewrite))
            {
                viewer.Retransmitted++;
                PacketsRetransmitted++;
            }
        }
    }

    private void ReadLoss(Viewer viewer, ReportBlockList blocks)
    {
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            if (Array.Exists(viewer.Stream.Tracks, t => t.IsVideo && t.Ssrc == block.Ssrc))
            {
                viewer.FractionLost = block.FractionLost;
                _counters.RecordLoss(block.FractionLost);
            }
        }
    }
}
