namespace MyVid.WebRtc.Sdp;

/// <summary>One fmtp parameter: "apt=96" gives ("apt", "96"); a bare value such as red's "111/111" has no Value.</summary>
public sealed record FmtpParameter(string Name, string? Value);
