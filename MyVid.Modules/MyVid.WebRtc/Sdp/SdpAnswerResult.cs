namespace MyVid.WebRtc.Sdp;

/// <summary>
/// The answer, and per m= section what became of it. <see cref="Answer"/> is written even when nothing was
/// accepted (an all-rejected answer is valid SDP); <see cref="Error"/> then says why.
/// </summary>
public sealed class SdpAnswerResult
{
    internal SdpAnswerResult(SessionDescription answer, IReadOnlyList<MediaOutcome> media)
    {
        Answer = answer;
        Media = media;
        if (media.Count == 0)
        {
            Error = "the offer has no m= section";
        }
        else if (!media.Any(m => m.Accepted))
        {
            Error = "no m= section could be accepted: "
                + string.Join("; ", media.Select(m => $"mid {m.Mid ?? "?"} ({m.Kind}): {m.RejectReason}"));
        }
    }

    public SessionDescription Answer { get; }

    public IReadOnlyList<MediaOutcome> Media { get; }

    public bool Success => Error is null;

    public string? Error { get; }
}
