namespace MyVid.WebRtc.Sdp;

/// <summary>A line this model keeps only to write it back: i=, u=, e=, p=, r=, z=, k=.</summary>
public sealed record SdpLine(char Type, string Value);
