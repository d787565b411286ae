using MyVid.Media.Transport;

namespace MyVid.Media.Sfu;

/// <summary>The outcome of a publisher's offer: the answer and our candidate, or why it was refused.</summary>
internal sealed record PublishResult(LivePeer? Peer, StreamInfo? Stream, string? AnswerSdp, string? Candidate, string? Error);
