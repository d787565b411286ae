namespace MyVid.WebRtc.Sdp;

/// <summary>A header extension both sides agreed on, with the id each side wrote for it (RFC 8285 §6).</summary>
public sealed record ExtmapMapping(string Uri, int LocalId, int RemoteId);
