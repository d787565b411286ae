namespace MyVid.WebRtc.Sdp;

/// <summary>Why one m= section of the offer was accepted or rejected.</summary>
public sealed record MediaOutcome(string? Mid, MediaKind Kind, bool Accepted, string? RejectReason);

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
        if (!media.Any(m => m.Accepted))
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
