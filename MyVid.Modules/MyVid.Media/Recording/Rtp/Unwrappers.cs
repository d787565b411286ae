namespace MyVid.Media.Recording.Rtp;

/// <summary>RTP sequence numbers (16 bits) extended to 64 bits across wraps; older packets map below the newest.</summary>
internal struct SequenceUnwrapper
{
    private long _highest;
    private bool _started;

    public long Unwrap(ushort sequenceNumber)
    {
        if (!_started)
        {
            _started = true;
            // Far from zero, so a packet from before the first never goes negative.
            _highest = (1L << 32) + sequenceNumber;
            return _highest;
        }
        var value = _highest + (short)(ushort)(sequenceNumber - (ushort)_highest);
        _highest = Math.Max(_highest, value);
        return value;
    }
}

/// <summary>RTP timestamps (32 bits) extended to 64 bits across wraps.</summary>
internal struct TimestampUnwrapper
{
    private long _highest;
    private bool _started;

    public long Unwrap(uint timestamp)
    {
        if (!_started)
        {
            _started = true;
            _highest = (1L << 40) + timestamp;
            return _highest;
        }
        var value = _highest + (int)(timestamp - (uint)_highest);
        _highest = Math.Max(_highest, value);
        return value;
    }
}
