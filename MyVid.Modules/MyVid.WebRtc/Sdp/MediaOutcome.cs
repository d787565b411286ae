namespace MyVid.WebRtc.Sdp;

/// <summary>Why one m= section of the offer was accepted or rejected.</summary>
public sealed record MediaOutcome(string? Mid, MediaKind Kind, bool Accepted, string? RejectReason);
