namespace MyVid.Media.Sfu;

/// <summary>
/// Merges the viewers' keyframe requests (PLI, FIR, joins) into at most one request to the publisher per
/// <see cref="Interval"/>: the first goes at once, later ones within the interval become one deferred request. A
/// join's request goes at once also within the interval when the publisher already answered the last request with a
/// keyframe (<see cref="OnKeyframe"/>): the throttle merges bursts, it must not make a joiner wait for the next window.
/// </summary>
internal sealed class KeyframeThrottle(TimeSpan interval)
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(500);

    private DateTimeOffset? _lastSent;
    private bool _pending;
    private bool _answered;

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

    /// <summary>A viewer joined and no keyframe is cached for it; true when the request should go to the publisher now.</summary>
    public bool RequestForJoin(DateTimeOffset now)
    {
        if (_answered)
        {
            Record(now);
            return true;
        }

        return Request(now);
    }

    /// <summary>A keyframe started arriving from the publisher: it answers the request sent before it.</summary>
    public void OnKeyframe() => _answered = _lastSent is not null;

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
        _answered = false;
        Sent++;
    }
}
