using MyVid.WebRtc.Rtcp;

namespace MyVid.Media.Sfu;

/// <summary>
/// What the stream tells its publisher and passes on from it: keyframe requests (PLI, throttled), NACKs for gaps
/// in its video, receiver reports and a REMB cap; its sender reports rewritten per viewer. A partial of
/// <see cref="LiveStream"/> because it shares the stream's tracks, repairs and scratch buffer.
/// </summary>
internal sealed partial class LiveStream
{
    public void OnPublisherRtcp(ReadOnlySpan<byte> packet, DateTimeOffset now)
    {
        foreach (var part in new RtcpCompoundEnumerator(packet))
        {
            if (part.Type == RtcpPacketType.SenderReport && SenderReport.TryParse(part.Data, out var report))
            {
                OnPublisherSenderReport(report.Sender, now);
            }
        }
    }

    /// <summary>A viewer joined or lost a picture: a keyframe request goes to the publisher now or when the throttle allows.</summary>
    public void RequestKeyframe(DateTimeOffset now)
    {
        if (Keyframes.Request(now))
        {
            SendPictureLossIndication();
        }
    }

    /// <summary>A viewer connected and no keyframe is cached for it: a request now, also within the throttle's window once the last one was answered.</summary>
    private void RequestKeyframeForJoin(DateTimeOffset now)
    {
        if (Keyframes.RequestForJoin(now))
        {
            SendPictureLossIndication();
        }
    }

    /// <summary>Generic NACKs to the publisher for the gaps in its video (new ones at once, then every retry interval).</summary>
    private void AskPublisherAgain(DateTimeOffset now)
    {
        foreach (var track in Tracks)
        {
            if (_repairs[track.Index] is { Outstanding: > 0 } repair && track.PublisherSsrc is { } ssrc)
            {
                var written = repair.WriteNack(_scratch, NodeSsrc, ssrc, now);
                if (written > 0)
                {
                    _sender.SendRtcp(Publisher, _scratch, written);
                }
            }
        }
    }

    /// <summary>The publisher's SR, rewritten per viewer (our SSRC, what we sent it) so the viewer can sync audio and video.</summary>
    private void OnPublisherSenderReport(SenderInfo sender, DateTimeOffset now)
    {
        var track = Array.Find(Tracks, t => t.PublisherSsrc == sender.Ssrc);
        if (track is null)
        {
            return;
        }

        track.LastSenderReport = (uint)(sender.NtpTimestamp >> 16);
        track.LastSenderReportAt = now;
        foreach (var viewer in Viewers)
        {
            if (!viewer.Connected || viewer.Rewrites[track.Index] is null)
            {
                continue;
            }

            var info = new SenderInfo(track.Ssrc, sender.NtpTimestamp, sender.RtpTimestamp, viewer.PacketsSent[track.Index], viewer.OctetsSent[track.Index]);
            if (SenderReport.TryWrite(_scratch, info, [], out var written))
            {
                _sender.SendRtcp(viewer.Peer, _scratch, written);
            }
        }
    }

    private void SendPictureLossIndication()
    {
        foreach (var track in Tracks)
        {
            if (track.IsVideo && track.PublisherSsrc is { } ssrc
                && new PictureLossIndication(NodeSsrc, ssrc).TryWrite(_scratch, out var written))
            {
                _sender.SendRtcp(Publisher, _scratch, written);
                _counters.KeyframeRequestsSent++;
            }
        }
    }

    /// <summary>A receiver report (so the publisher's loss-based estimate can grow) and a REMB capping its bitrate.</summary>
    private void SendPublisherFeedback(DateTimeOffset now)
    {
        Span<ReportBlock> blocks = stackalloc ReportBlock[Tracks.Length];
        Span<uint> ssrcs = stackalloc uint[Tracks.Length];
        var count = 0;
        foreach (var track in Tracks)
        {
            if (track.PublisherSsrc is not { } ssrc)
            {
                continue;
            }

            var delay = track.LastSenderReport == 0 ? 0u : (uint)((now - track.LastSenderReportAt).TotalSeconds * 65536);
            blocks[count] = new ReportBlock(ssrc, 0, 0, track.ExtendedHighestSequence, 0, track.LastSenderReport, delay);
            ssrcs[count++] = ssrc;
        }

        if (count == 0 || !ReceiverReport.TryWrite(_scratch, NodeSsrc, blocks[..count], out var rr)
            || !ReceiverEstimatedMaximumBitrate.TryWrite(_scratch.AsSpan(rr), NodeSsrc, _publisherMaxBitrate, ssrcs[..count], out var remb))
        {
            return;
        }

        _sender.SendRtcp(Publisher, _scratch, rr + remb);
    }
}
