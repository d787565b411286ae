namespace MyVid.WebRtc.Sdp;

/// <summary>The media type of an m= line that WebRTC uses (RFC 8866 §5.14).</summary>
public enum MediaKind
{
    /// <summary>A media type this library does not negotiate ("text", "message", ...).</summary>
    Other,
    Audio,
    Video,
    Application,
}
