namespace MyVid.WebRtc.Sdp;

/// <summary>An attribute this model does not interpret, kept in order for round trips. Value is null for a flag.</summary>
public sealed record SdpAttributeLine(string Name, string? Value);
