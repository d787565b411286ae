namespace MyVid.Media.Recording.Rtp;

/// <summary>A whole video frame as the file stores it (VP8: the payloads without descriptors; H.264: an AVCC access unit).</summary>
internal readonly ref struct VideoFrame(long timestamp, bool isKeyframe, int width, int height, ReadOnlySpan<byte> data)
{
    /// <summary>The RTP timestamp (90 kHz), unwrapped to 64 bits.</summary>
    public long Timestamp { get; } = timestamp;

    public bool IsKeyframe { get; } = isKeyframe;

    /// <summary>From the keyframe's header (VP8) or sequence parameter set (H.264); 0 on other frames.</summary>
    public int Width { get; } = width;

    public int Height { get; } = height;

    public ReadOnlySpan<byte> Data { get; } = data;
}
