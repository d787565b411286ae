using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyVid.Media.Control;
using MyVid.Media.Sessions;
using MyVid.Media.Sfu;
using MyVid.Media.Transport;
using MyVid.Platform.Hosting;
using MyVid.Platform.Storage;

namespace MyVid.Media.Recording;

/// <summary>
/// The node's recordings of its live streams. A publisher's session starts one when the stream gets its catalogue ID
/// (<see cref="Start"/>) and finishes it when the stream ends (<see cref="Finish"/>): complete the file, preview,
/// catalogue (<see cref="RecordingHandOff"/>). Stopping the node finishes every recording still running. The publisher
/// hears <c>{"type":"recording","Recording":true}</c> once the store holds the recording's upload, and <c>false</c> with
/// a <c>Message</c> while the store does not answer (the recording keeps trying, spooled in the data folder) and when it stops.
/// </summary>
internal sealed partial class LiveRecordings(
    IObjectStore store, RecordingHandOff handOff, LiveRouter router, IOptions<RecordingOptions> options,
    IOptions<MediaControlOptions> control, IOptions<NodeOptions> node, TimeProvider time, ILogger<LiveRecordings> logger)
    : IHostedService, IDisposable
{
    private static readonly TimeSpan WarningInterval = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<StreamRecording, byte> _active = new();
    private readonly ConcurrentDictionary<StreamRecording, Task> _finishing = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly string _spoolRoot = Path.Combine(Path.GetFullPath(node.Value.DataFolder), "recording-spool");

    /// <summary>The name written into manifests: a node recovers its own (a stable <c>Media:Control:NodeName</c>, else the machine's).</summary>
    public string NodeName { get; } = string.IsNullOrEmpty(control.Value.NodeName) ? Environment.MachineName : control.Value.NodeName;

    /// <summary>Recordings running now (for <c>/metrics</c>).</summary>
    public int ActiveCount => _active.Count;

    /// <summary>Keys of the recordings running now (the recovery at start leaves them alone).</summary>
    public bool IsActive(string key) => _active.Keys.Any(r => r.Recorder.Manifest.Key == key);

    /// <summary>
    /// Starts recording a stream that just went live, unless the node or the publisher turned it off; null when not
    /// recording. Never waits for the store: the upload starts in the background (see <see cref="Recorder.Start"/>).
    /// </summary>
    public StreamRecording? Start(LivePeer publisher, string videoId, string title, bool requested, SignalSocket socket)
    {
        var notify = Notifier(socket);
        if (!options.Value.Enabled || !requested)
        {
            notify(false, options.Value.Enabled ? "not recorded: the publisher asked so" : "recording is turned off on this media node");
            return null;
        }
        var stream = (LiveStream)publisher.Owner!;
        var types = PayloadTypes(stream.Tracks);
        if (types.Video is null && types.Audio is null)
        {
            notify(false, "not recorded: only VP8 or H.264 video and Opus audio are recorded");
            return null;
        }

        var key = $"{videoId}_live{types.VideoCodec.Extension()}";
        Recorder? recorder = null;
        recorder = Recorder.Start(store, new RecorderOptions
        {
            Key = key,
            VideoId = videoId,
            Node = NodeName,
            Title = title,
            HasVideo = types.Video is not null,
            HasAudio = types.Audio is not null,
            VideoCodec = types.VideoCodec,
            VideoPayloadType = types.Video,
            AudioPayloadType = types.Audio,
            RetryFor = options.Value.StoreRetryFor,
            MaxUploadBacklogBytes = options.Value.MaxUploadBacklogMiB * 1024L * 1024,
            SpoolFolder = Path.Combine(_spoolRoot, Guid.NewGuid().ToString("N")),
            MaxSpoolBytes = options.Value.MaxSpoolMiB * 1024L * 1024,
            OnStarted = () =>
            {
                LogStarted(logger, videoId, key);
                notify(true, null);
            },
            OnProblem = Reporter(videoId, notify, () => recorder?.Storing == true),
        }, time.GetUtcNow());
        var recording = new StreamRecording(recorder, videoId, types, notify);
        _active.TryAdd(recording, 0);
        _ = AttachAsync(stream, recording);
        return recording;
    }

    /// <summary>The stream ended: finishes the recording in the background (once; stopping the node waits for it).</summary>
    public void Finish(StreamRecording recording, string reason)
    {
        if (!_active.TryRemove(recording, out _))
        {
            return;
        }
        var task = Task.Run(async () =>
        {
            await FinishAsync(recording, reason);
            _finishing.TryRemove(recording, out _);
        });
        _finishing[recording] = task;
        if (task.IsCompleted)
        {
            _finishing.TryRemove(recording, out _); // it finished before it was added
        }
    }

    /// <summary>Spools left by a previous run belong to recordings that cannot go on: they are deleted.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Directory.Exists(_spoolRoot))
        {
            Directory.Delete(_spoolRoot, recursive: true);
        }
        return Task.CompletedTask;
    }

    /// <summary>The node stops: every running recording is finished; what is not done when the host gives up is recovered at the next start.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var recording in _active.Keys)
        {
            Finish(recording, "the media node is shutting down");
        }
        try
        {
            await Task.WhenAll(_finishing.Values).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await _stopping.CancelAsync();
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task FinishAsync(StreamRecording recording, string reason)
    {
        var recorder = recording.Recorder;
        recording.Notify(false, $"the recording stopped: {reason}");
        try
        {
            var result = await recorder.CompleteAsync(_stopping.Token);
            if (result is null)
            {
                LogNothing(logger, recording.VideoId);
            }
            else
            {
                await handOff.HandOverAsync(result.Manifest, result.CutShort, _stopping.Token);
            }
            await recorder.DisposeAsync();
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            LogLeftForRecovery(logger, recording.VideoId);
        }
#pragma warning disable CA1031 // whatever went wrong, the manifest stays and the next start recovers the recording
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogFinishFailed(logger, recording.VideoId, e);
        }
    }

    /// <summary>Hands the recording to the stream on the loop thread; a stream that ended meanwhile drops it.</summary>
    private async Task AttachAsync(LiveStream stream, StreamRecording recording)
    {
        if (!await router.Loop.InvokeAsync(() => Attach(stream, recording)) && _active.TryRemove(recording, out _))
        {
            try
            {
                await recording.Recorder.AbortAsync(CancellationToken.None);
            }
#pragma warning disable CA1031 // nobody awaits this task: whatever the store says, the manifest (if any) is left for recovery
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogFinishFailed(logger, recording.VideoId, e);
            }
            await recording.Recorder.DisposeAsync();
        }
    }

    private static bool Attach(LiveStream stream, StreamRecording recording)
    {
        if (stream.Ended)
        {
            return false;
        }
        stream.Recording = recording;
        return true;
    }

    private static RecordedPayloadTypes PayloadTypes(StreamTrack[] tracks)
    {
        var video = Array.Find(tracks, t => t.IsVp8 || t.IsH264);
        var audio = Array.Find(tracks, t => !t.IsVideo && t.Codec.Name.Equals("opus", StringComparison.OrdinalIgnoreCase));
        return new RecordedPayloadTypes((byte?)video?.Codec.PayloadType, (byte?)video?.Rtx?.PayloadType, (byte?)audio?.Codec.PayloadType,
            video is { IsH264: true } ? RecordedVideoCodec.H264 : RecordedVideoCodec.Vp8);
    }

    /// <param name="storing">Whether the store answered the upload's start (until then the publisher hears it is not recorded yet).</param>
    private Action<RecordingProblem> Reporter(string videoId, Action<bool, string?> notify, Func<bool> storing)
    {
        var lastWarning = DateTimeOffset.MinValue;
        return problem =>
        {
            LogProblem(logger, videoId, problem.IsFatal, problem.Message);
            if (problem.IsFatal)
            {
                notify(false, "the recording stopped: " + problem.Message);
            }
            else if (time.GetUtcNow() - lastWarning >= WarningInterval)
            {
                lastWarning = time.GetUtcNow();
                var started = storing();
                notify(started, started
                    ? "storing the recording is failing, retrying: " + problem.Message
                    : "the recording could not start: the object store is not reachable; retrying, the stream is kept meanwhile");
            }
        };
    }

    /// <summary>Whether it records, and why not (or a warning). Sent in the background: the caller never waits on the client.</summary>
    private static Action<bool, string?> Notifier(SignalSocket socket) =>
        (recording, message) => _ = SendAsync(socket, recording, message);

    private static async Task SendAsync(SignalSocket socket, bool recording, string? message)
    {
        try
        {
            await socket.SendAsync(w =>
            {
                w.WriteString("type", "recording");
                w.WriteBoolean("Recording", recording);
                if (message is not null)
                {
                    w.WriteString("Message", message);
                }
            }, CancellationToken.None);
        }
        catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The publisher is gone; nobody to tell.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recording {VideoId} into {Key}")]
    private static partial void LogStarted(ILogger logger, string videoId, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording {VideoId}: {Message} (fatal: {Fatal})")]
    private static partial void LogProblem(ILogger logger, string videoId, bool fatal, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recording {VideoId}: nothing was recorded")]
    private static partial void LogNothing(ILogger logger, string videoId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording {VideoId}: the node stopped before it was handed over; the next start recovers it")]
    private static partial void LogLeftForRecovery(ILogger logger, string videoId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recording {VideoId} could not be finished; the next start recovers it")]
    private static partial void LogFinishFailed(ILogger logger, string videoId, Exception exception);
}
