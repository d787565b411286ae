using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MyVid.Upload.Processing;

/// <summary>
/// Published videos waiting for the probe job. Bounded: when it is full a video is left unprobed (and logged)
/// rather than holding publish calls or memory hostage to a slow ffprobe.
/// </summary>
internal sealed partial class ProbeQueue(IOptions<UploadOptions> options, ILogger<ProbeQueue> logger)
{
    private readonly Channel<string> _channel = Channel.CreateBounded<string>(new BoundedChannelOptions(options.Value.Probe.QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
    });

    public ChannelReader<string> Reader => _channel.Reader;

    public void Enqueue(string videoId)
    {
        if (!options.Value.Probe.Enabled)
        {
            return;
        }
        // Never waits: TryWrite on a full bounded channel says false at once.
        if (!_channel.Writer.TryWrite(videoId))
        {
            LogDropped(videoId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Probe queue full: video {Id} will not be probed")]
    private partial void LogDropped(string id);
}
