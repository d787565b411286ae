using MyVid.Media.Transport;

namespace MyVid.Media.Sfu;

/// <summary>The outcome of a join: the offer to the viewer and our candidate, or why it was refused.</summary>
internal sealed record JoinResult(LivePeer? Peer, string? OfferSdp, string? Candidate, string? Error, bool Fatal);
