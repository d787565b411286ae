using MyVid.WebRtc.Rtp;

namespace MyVid.Media.Sfu;

/// <summary>
/// A viewer's first picture at once: when its SRTP is ready, the latest keyframe of each video track it takes and
/// every packet since are sent to it from the cache (its normal rewrite: the stream's SSRC, sequence numbers and
/// timestamps, so live packets continue them), paced per loop step, then it gets live packets. Only when no recent
/// keyframe is cached whole is the publisher asked for one; a viewer that asks for a keyframe at its start gets the
/// cached one again. A partial of <see cref="LiveStream"/> because it shares the stream's caches, keyframe positions
/// and send path.
/// </summary>
internal sealed partial class LiveStream
{
    /// <summary>An older keyframe is not replayed: seconds of old pictures at once would make the viewer's jitter buffer grow its delay.</summary>
    public static readonly TimeSpan MaxReplayAge = TimeSpan.FromSeconds(3);

    /// <summary>Bounds of one replay: beyond them the publisher is asked instead.</summary>
    public const int MaxReplayPackets = 512;

    public const int MaxReplayOctets = 512 * 1024;

    /// <summary>
    /// Packets a replay sends per loop step (at connect, then each sweep, ~5 ms): enough for a keyframe at once, while
    /// a few hundred packets in one burst could overflow the viewer's receive buffer (and a slow link's queue).
    /// </summary>
    public const int ReplayPacketsPerStep = 64;

    /// <summary>
    /// How long a joining viewer may take to connect (answer, ICE, DTLS: ~60–300 ms here) in deciding at its join
    /// whether the cached keyframe will still be young enough to replay then.
    /// </summary>
    public static readonly TimeSpan JoinLead = TimeSpan.FromSeconds(1);

    /// <summary>How long after a viewer's video started its keyframe request is answered from the cache (<see cref="TryResendKeyframe"/>).</summary>
    public static readonly TimeSpan ResendWindow = TimeSpan.FromSeconds(1);

    private int _replaying;

    /// <summary>
    /// A viewer joined; it connects next. When no keyframe will be young enough to replay by then, the publisher is asked
    /// now, not at connect, so its keyframe travels while the viewer connects (the PLI's answer took ~500 ms from a
    /// Chromium publisher). At connect the answer is replayed from the cache, or waited for (a second request merges).
    /// Loop thread.
    /// </summary>
    public void OnViewerJoining(DateTimeOffset now)
    {
        foreach (var track in Tracks)
        {
            if (track.IsVideo && !_keyframes[track.Index]!.TryGetRecent(now, MaxReplayAge - JoinLead, out _, out _))
            {
                RequestKeyframeForJoin(now);
                return;
            }
        }
    }

    /// <summary>A viewer's DTLS is done: its video starts from the cache, or it waits for a requested keyframe; null when it takes no video. Loop thread.</summary>
    public KeyframeStart? OnViewerConnected(Viewer viewer, DateTimeOffset now)
    {
        var packets = 0;
        var octets = 0;
        var oldest = TimeSpan.Zero;
        var takesVideo = false;
        foreach (var track in Tracks)
        {
            if (!track.IsVideo || viewer.Rewrites[track.Index] is null)
            {
                continue;
            }

            takesVideo = true;
            var refused = MeasureReplay(track, now, out _, out var count, out var size, out var age);
            if (refused is not null)
            {
                _counters.JoinsAskingPublisher++;
                RequestKeyframeForJoin(now);
                return new KeyframeStart(refused, count, size, age.TotalMilliseconds);
            }

            packets += count;
            octets += size;
            oldest = age > oldest ? age : oldest;
        }

        if (!takesVideo)
        {
            return null;
        }

        foreach (var track in Tracks)
        {
            if (track.IsVideo && viewer.Rewrites[track.Index] is { } rewrite && MeasureReplay(track, now, out var start, out _, out _, out _) is null)
            {
                StartReplay(viewer, track, rewrite, start);
            }
        }

        viewer.WaitingForKeyframe = false;
        viewer.FirstKeyframeAt = now;
        _counters.JoinsFromCache++;
        return new KeyframeStart(null, packets, octets, oldest.TotalMilliseconds);
    }

    /// <summary>
    /// A viewer asked for a keyframe within <see cref="ResendWindow"/> of its start: it lost the first one. Chromium
    /// drops what arrives before its receiver is set up (a viewer connected quickly asked 20–60 ms after its replay),
    /// and a publisher ignores a second request within 300 ms of the one it answered for the join (libwebrtc's minimum
    /// keyframe interval), so that viewer waited ~500 ms for the throttle's next window. The cached keyframe is sent
    /// again instead, once per keyframe: a second request, or one the cache cannot serve, goes to the publisher. Loop thread.
    /// </summary>
    public bool TryResendKeyframe(Viewer viewer, DateTimeOffset now)
    {
        if (viewer.WaitingForKeyframe || viewer.FirstKeyframeAt is not { } started || now - started > ResendWindow)
        {
            return false;
        }

        var resent = false;
        foreach (var track in Tracks)
        {
            if (!track.IsVideo || viewer.Rewrites[track.Index] is not { } rewrite || viewer.ReplayNext[track.Index] is not null
                || MeasureReplay(track, now, out var start, out _, out _, out _) is not null || viewer.KeyframeResent[track.Index] == start)
            {
                continue;
            }

            viewer.KeyframeResent[track.Index] = start;
            _counters.KeyframesResent++;
            StartReplay(viewer, track, rewrite, start);
            resent = true;
        }

        return resent;
    }

    /// <summary>
    /// Null when the track's latest keyframe is recent and it and every packet since are cached, within the replay's
    /// bounds (then <paramref name="count"/> packets from <paramref name="start"/>); else why not.
    /// </summary>
    private string? MeasureReplay(StreamTrack track, DateTimeOffset now, out ushort start, out int count, out int octets, out TimeSpan age)
    {
        count = 0;
        octets = 0;
        var cache = _caches[track.Index]!;
        var latest = _keyframes[track.Index]!;
        if (!latest.TryGetRecent(now, MaxReplayAge, out start, out age))
        {
            return latest.Known ? "older than the replay age" : "no keyframe yet";
        }

        var span = (ushort)((ushort)track.ExtendedHighestSequence - start) + 1;
        if (span > MaxReplayPackets)
        {
            count = span;
            return "more packets since than a replay sends";
        }

        for (var i = 0; i < span; i++)
        {
            if (!cache.TryGet((ushort)(start + i), out var packet))
            {
                return "a packet since is not cached"; // evicted, or lost on the way in and not repaired
            }

            octets += packet.Length;
            if (octets > MaxReplayOctets)
            {
                return "more octets since than a replay sends";
            }
        }

        count = span;
        return null;
    }

    /// <summary>Starts a viewer's replay at the keyframe; its first step goes at once.</summary>
    private void StartReplay(Viewer viewer, StreamTrack track, TrackRewrite rewrite, ushort start)
    {
        viewer.ReplayNext[track.Index] = start;
        _replaying++;
        ContinueReplay(viewer, track, rewrite);
    }

    /// <summary>
    /// Each loop step (about every 5 ms) a replaying viewer gets its next <see cref="ReplayPacketsPerStep"/> packets,
    /// until it has caught up with the latest; live packets wait in the cache meanwhile, so the order holds.
    /// </summary>
    private void ContinueReplays()
    {
        if (_replaying == 0)
        {
            return;
        }

        _replaying = 0; // counted again: a viewer that left while replaying is simply no longer in the list
        foreach (var viewer in Viewers)
        {
            foreach (var track in Tracks)
            {
                if (viewer.ReplayNext[track.Index] is not null && viewer.Rewrites[track.Index] is { } rewrite)
                {
                    _replaying++;
                    ContinueReplay(viewer, track, rewrite);
                }
            }
        }
    }

    private void ContinueReplay(Viewer viewer, StreamTrack track, TrackRewrite rewrite)
    {
        var cache = _caches[track.Index]!;
        var highest = (ushort)track.ExtendedHighestSequence;
        var next = viewer.ReplayNext[track.Index]!.Value;
        for (var budget = ReplayPacketsPerStep; budget > 0 && (short)(highest - next) >= 0; budget--, next++)
        {
            // A packet missing now was lost on its way in since the viewer connected: it NACKs it like any other.
            if (cache.TryGet(next, out var packet) && RtpHeader.TryParse(packet, out var header) && Send(viewer, packet, rewrite))
            {
                viewer.PacketsSent[track.Index]++;
                viewer.OctetsSent[track.Index] += (uint)header.Payload.Length;
                _counters.PacketsReplayed++;
            }
        }

        if ((short)(highest - next) < 0)
        {
            viewer.ReplayNext[track.Index] = null; // caught up: live from the next packet
            _replaying--;
        }
        else
        {
            viewer.ReplayNext[track.Index] = next;
        }
    }
}
