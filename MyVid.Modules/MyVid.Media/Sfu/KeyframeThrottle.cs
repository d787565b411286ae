namespace MyVid.Media.Sfu;

/// <summary>
/// Merges the viewers' keyframe requests (PLI, FIR, joins) into at most one request to the publisher per
/// <see cref="Interval"/>: the first goes at once, later ones within the interval become one deferred request.
/// </summary>
internal sealed class KeyframeThrottle(TimeSpan interval)
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(500);

    private DateTimeOffset? _lastSent;
    private bool _pending;

    public TimeSpan Interval { get; } = interval;

    /// <summary>Requests sent to the publisher.</summary>
    public int Sent { get; private set; }

    /// <summary>Requests folded into one already sent or pending.</summary>
    public int Merged { get; private set; }

    /// <summary>A viewer wants a keyframe; true when the request should go to the publisher now.</summary>
    public bool Request(DateTimeOffset now)
    {
        if (_lastSent is null || now - _lastSent.Value >= Interval)
        {
            Record(now);
            return true;
        }

        Merged++;
        _pending = true;
        return false;
    }

    /// <summary>True when a deferred request is due now (call from a timer).</summary>
    public bool PollDue(DateTimeOffset now)
    {
        if (!_pending || (_lastSent is { } last && now - last < Interval))
        {
            return false;
        }

        Record(now);
        return true;
    }

    private void Record(DateTimeOffset now)
    {
        _lastSent = now;
        _pending = false;
        Sent++;
    }
}
