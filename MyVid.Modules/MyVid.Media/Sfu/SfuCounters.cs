namespace MyVid.Media.Sfu;

/// <summary>
/// The node's RTCP feedback totals since start, over every stream (ended ones included), for <c>/metrics</c>.
/// Written on the loop thread only; other threads read values that may be a moment old.
/// </summary>
internal sealed class SfuCounters
{
    /// <summary>Generic NACKs received from viewers.</summary>
    public long NacksReceived { get; set; }

    /// <summary>PLIs and FIRs received from viewers.</summary>
    public long KeyframeRequestsReceived { get; set; }

    /// <summary>PLIs sent to publishers (viewers' requests merged by the throttle, joins).</summary>
    public long KeyframeRequestsSent { get; set; }

    /// <summary>Viewers whose video started from the latest keyframe in the cache, and those that had to wait for the publisher's.</summary>
    public long JoinsFromCache { get; set; }

    public long JoinsAskingPublisher { get; set; }

    /// <summary>Keyframe requests of starting viewers answered by sending the cached keyframe again (not asking the publisher).</summary>
    public long KeyframesResent { get; set; }

    /// <summary>Packets sent to joining viewers from the cache (their latest keyframe and what followed).</summary>
    public long PacketsReplayed { get; set; }

    /// <summary>Receiver-report blocks read from viewers, and the sum of their fraction lost (0..1): their ratio is the mean loss.</summary>
    public long LossReports { get; private set; }

    public double LossFractionSum { get; private set; }

    public void RecordLoss(byte fractionLost)
    {
        LossReports++;
        LossFractionSum += fractionLost / 256.0;
    }
}
