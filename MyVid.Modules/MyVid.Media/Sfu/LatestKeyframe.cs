namespace MyVid.Media.Sfu;

/// <summary>
/// Where the latest keyframe of one publisher video track starts in the stream's <see cref="PacketCache"/>: its first
/// packet's sequence number, its RTP timestamp and when it arrived; so a joining viewer can be sent that keyframe and
/// what followed at once instead of waiting for the publisher to answer a PLI. Loop thread only, no allocation.
/// </summary>
internal sealed class LatestKeyframe
{
    private ushort _start;
    private uint _timestamp;
    private DateTimeOffset _at;
    private bool _known;

    /// <summary>Whether a keyframe arrived since the start or the last <see cref="Forget"/>.</summary>
    public bool Known => _known;

    /// <summary>A packet that starts a keyframe arrived (detected by the track's codec).</summary>
    public void OnKeyframePacket(ushort sequenceNumber, uint timestamp, DateTimeOffset now)
    {
        // H.264 flags the SPS and the IDR of one picture: the picture starts at the first of them. An older picture's
        // start repaired late (RTX) is not the latest.
        var ahead = (short)(sequenceNumber - _start);
        if (_known && (timestamp == _timestamp ? ahead >= 0 : ahead <= 0))
        {
            return;
        }

        _known = true;
        _start = sequenceNumber;
        _timestamp = timestamp;
        _at = now;
    }

    /// <summary>The publisher's numbering restarted (a new SSRC): the keyframe kept belongs to the old run.</summary>
    public void Forget() => _known = false;

    /// <summary>The latest keyframe's first sequence number and its age, if one arrived at most <paramref name="maxAge"/> ago.</summary>
    public bool TryGetRecent(DateTimeOffset now, TimeSpan maxAge, out ushort start, out TimeSpan age)
    {
        start = _start;
        age = now - _at;
        return _known && age <= maxAge;
    }
}
