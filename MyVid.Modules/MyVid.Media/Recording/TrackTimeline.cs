using MyVid.Media.Recording.Rtp;

namespace MyVid.Media.Recording;

/// <summary>
/// One track's RTP clock against arrival time: its first frame's arrival anchors it, later frames follow their RTP
/// timestamps, so network jitter after the first frame does not move blocks.
/// </summary>
internal sealed class TrackTimeline(int clockRate)
{
    private TimestampUnwrapper _unwrapper;
    private long _anchorTimestamp = long.MinValue;
    private long _anchorMs;

    public long Unwrap(uint timestamp) => _unwrapper.Unwrap(timestamp);

    public long ToMs(long timestamp, long arrivalMs)
    {
        if (_anchorTimestamp == long.MinValue)
        {
            _anchorTimestamp = timestamp;
            _anchorMs = arrivalMs;
        }
        return _anchorMs + (long)Math.Round((timestamp - _anchorTimestamp) * 1000.0 / clockRate);
    }
}
