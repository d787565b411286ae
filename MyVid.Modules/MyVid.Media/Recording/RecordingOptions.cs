using FluentValidation;

namespace MyVid.Media.Recording;

/// <summary>Bound from <c>Media:Recording</c>: whether this node records its live streams, and how.</summary>
public sealed class RecordingOptions
{
    public const string Section = "Media:Recording";

    /// <summary>Records every live stream (a publisher may still send <c>"Record":false</c> with <c>LIVE</c>).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>ffmpeg, which decodes one keyframe of each recording into its preview JPEG.</summary>
    public string FfmpegPath { get; set; } = "ffmpeg";

    /// <summary>Longest one preview may take before ffmpeg is killed (the recording is handed over without one).</summary>
    public TimeSpan PreviewTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a failing store call is retried before the recording stops (the stream goes on).</summary>
    public TimeSpan StoreRetryFor { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Parts cut but not yet stored (MiB) beyond which the recording stops: how much of an outage is ridden out.</summary>
    public int MaxUploadBacklogMiB { get; set; } = 15;

    /// <summary>
    /// Disk (MiB, under <c>Node:DataFolder</c>/recording-spool) a recording may fill while the store does not answer its
    /// start; beyond it the oldest spooled part is dropped and the recording is cut short.
    /// </summary>
    public int MaxSpoolMiB { get; set; } = 1024;

    /// <summary>Longest pause between attempts to hand a finished recording to the catalogue (retried until it accepts).</summary>
    public TimeSpan CatalogRetryMax { get; set; } = TimeSpan.FromSeconds(30);
}

public sealed class RecordingOptionsValidator : AbstractValidator<RecordingOptions>
{
    public RecordingOptionsValidator()
    {
        RuleFor(o => o.FfmpegPath).NotEmpty();
        RuleFor(o => o.PreviewTimeout).InclusiveBetween(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        RuleFor(o => o.StoreRetryFor).InclusiveBetween(TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        RuleFor(o => o.MaxUploadBacklogMiB).InclusiveBetween(10, 1024);
        RuleFor(o => o.MaxSpoolMiB).InclusiveBetween(16, 1024 * 1024);
        RuleFor(o => o.CatalogRetryMax).InclusiveBetween(TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(30));
    }
}
