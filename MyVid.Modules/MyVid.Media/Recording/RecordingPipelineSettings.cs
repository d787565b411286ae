using MyVid.Media.Recording.WebM;

namespace MyVid.Media.Recording;

/// <summary>What a <see cref="RecordingPipeline"/> records and how patiently it reorders.</summary>
internal sealed record RecordingPipelineSettings
{
    public bool HasVideo { get; init; } = true;

    public bool HasAudio { get; init; } = true;

    public RecordedVideoCodec VideoCodec { get; init; }

    /// <summary>Only packets of this payload type are video (others, such as RTX or FEC, are ignored); null takes any.</summary>
    public byte? VideoPayloadType { get; init; }

    public byte? AudioPayloadType { get; init; }

    public int ReorderCapacity { get; init; } = 128;

    /// <summary>How long a missing packet is waited for: long enough for a NACK's retransmission (RTX, unwrapped by the SFU).</summary>
    public int ReorderWaitMs { get; init; } = 250;

    /// <summary>How long a frame waits for the other track's frames, to interleave blocks in time order.</summary>
    public int InterleaveWaitMs { get; init; } = 300;

    /// <summary>Audio kept while the first video keyframe is awaited; older audio is dropped.</summary>
    public int AudioPrerollMs { get; init; } = 2000;

    public WebmSettings Webm { get; init; } = new();
}
