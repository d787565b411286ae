using System.Buffers;
using MyVid.Media.Recording.WebM;

namespace MyVid.Media.Recording;

/// <summary>
/// Holds both tracks' depacketized frames (copies in pooled buffers) and hands them to the <see cref="WebmMuxer"/> in time
/// order: a frame waits for the other track's until <c>waitMs</c> of newer media came. Times handed in are the
/// timeline's milliseconds; the file's are those minus the origin, strictly increasing per track.
/// </summary>
internal sealed class FrameInterleaver(int waitMs)
{
    /// <summary>A track's queue beyond which its frames go out without waiting for the other track's.</summary>
    private const int MaxQueued = 512;

    private readonly Queue<PendingFrame> _video = new();
    private readonly Queue<PendingFrame> _audio = new();
    private long _newest = long.MinValue;
    private long _lastVideo = long.MinValue;
    private long _lastAudio = long.MinValue;
    private int _videoFrameMs = 33;

    public long VideoFrames { get; private set; }

    public long AudioFrames { get; private set; }

    /// <summary>Bytes of the frames held.</summary>
    public long BufferedBytes { get; private set; }

    public bool HasAudio => _audio.Count > 0;

    /// <summary>The earliest audio held; null without audio.</summary>
    public long? EarliestAudioMs()
    {
        long? earliest = null;
        foreach (var audio in _audio)
        {
            earliest = Math.Min(earliest ?? long.MaxValue, audio.TimeMs);
        }
        return earliest;
    }

    /// <summary>Drops the audio older than <paramref name="timeMs"/> (before the first keyframe only a little is kept).</summary>
    public void DropAudioBefore(long timeMs)
    {
        while (_audio.TryPeek(out var oldest) && oldest.TimeMs < timeMs)
        {
            Release(_audio.Dequeue());
        }
    }

    public void EnqueueVideo(long timeMs, bool keyframe, ReadOnlySpan<byte> frame) => Enqueue(_video, timeMs, keyframe, frame, 0);

    public void EnqueueAudio(long timeMs, ReadOnlySpan<byte> packet, int durationMs) => Enqueue(_audio, timeMs, keyframe: true, packet, durationMs);

    /// <summary>Writes the frames whose turn it is (all of them when <paramref name="flush"/>); <paramref name="origin"/> is the file's 0.</summary>
    public void Drain(WebmMuxer muxer, long origin, bool flush)
    {
        var hasVideo = muxer.VideoTrack != 0;
        var hasAudio = muxer.AudioTrack != 0;
        while (true)
        {
            var video = hasVideo && _video.TryPeek(out var v) ? v : (PendingFrame?)null;
            var audio = hasAudio && _audio.TryPeek(out var a) ? a : (PendingFrame?)null;
            bool takeVideo;
            if (video is { } vf && audio is { } af)
            {
                takeVideo = vf.TimeMs <= af.TimeMs;
            }
            else if (video is { } only)
            {
                if (!(flush || !hasAudio || _newest - only.TimeMs > waitMs || _video.Count > MaxQueued))
                {
                    break;
                }
                takeVideo = true;
            }
            else if (audio is { } alone)
            {
                if (!(flush || !hasVideo || _newest - alone.TimeMs > waitMs || _audio.Count > MaxQueued))
                {
                    break;
                }
                takeVideo = false;
            }
            else
            {
                break;
            }
            Write(muxer, origin, takeVideo ? _video.Dequeue() : _audio.Dequeue(), takeVideo);
        }
        if (!hasVideo)
        {
            while (_video.TryDequeue(out var dropped))
            {
                Release(dropped);
            }
        }
    }

    private void Enqueue(Queue<PendingFrame> queue, long timeMs, bool keyframe, ReadOnlySpan<byte> data, int durationMs)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, data.Length));
        data.CopyTo(buffer);
        queue.Enqueue(new PendingFrame(timeMs, keyframe, buffer, data.Length, durationMs));
        BufferedBytes += data.Length;
        _newest = Math.Max(_newest, timeMs);
    }

    private void Write(WebmMuxer muxer, long origin, PendingFrame frame, bool video)
    {
        var time = frame.TimeMs - origin;
        ref var last = ref video ? ref _lastVideo : ref _lastAudio;
        if (time >= 0)
        {
            // Strictly increasing per track, video by more than the track's declared resolution (WebmMuxer's
            // DefaultDuration): tools reject two frames of a track at one time. A frame that comes after the other track
            // moved on (it waited past InterleaveWaitMs) goes at the muxer's last time, which never goes back: counted
            // here, so two such frames of a track do not land on one time.
            time = Math.Max(time, muxer.LastTimeMs);
            time = last == long.MinValue ? time : Math.Max(time, last + (video ? 2 : 1));
            if (video)
            {
                if (last != long.MinValue && time > last)
                {
                    _videoFrameMs = (int)Math.Min(1000, time - last);
                }
                muxer.WriteVideo(time, frame.Keyframe, frame.Data, _videoFrameMs);
                VideoFrames++;
            }
            else
            {
                muxer.WriteAudio(time, frame.Data, frame.DurationMs);
                AudioFrames++;
            }
            last = time;
        }
        Release(frame);
    }

    private void Release(PendingFrame frame)
    {
        BufferedBytes -= frame.Length;
        ArrayPool<byte>.Shared.Return(frame.Buffer);
    }

    private readonly record struct PendingFrame(long TimeMs, bool Keyframe, byte[] Buffer, int Length, int DurationMs)
    {
        public ReadOnlySpan<byte> Data => Buffer.AsSpan(0, Length);
    }
}
