using System.Diagnostics;
using System.Globalization;
using System.Net;
using MyVid.WebRtc.Dtls;
using MyVid.WebRtc.Peer;
using MyVid.WebRtc.Sdp;

namespace MyVid.LoadClient;

/// <summary>What a <c>viewers</c> run does: N viewers joining at a rate, a steady window, then everyone leaves.</summary>
internal sealed record ViewersOptions(Uri Url, string StreamId, int Count)
{
    public double Rate { get; init; } = 50;

    public int Seconds { get; init; } = 10;

    public int Threads { get; init; } = Math.Max(1, Environment.ProcessorCount);

    public IPAddress LocalAddress { get; init; } = IPAddress.Loopback;

    public int SampleEvery { get; init; } = 64;

    /// <summary>Written (with the time) when every viewer has joined and its first key frame came or the wait ran out.</summary>
    public string? ReadyFile { get; init; }

    /// <summary>The longest a run waits after the ramp for first key frames before its window starts.</summary>
    public int SettleSeconds { get; init; } = 10;

    /// <summary>The Janus streaming mountpoint to watch when <see cref="Url"/> is Janus's HTTP API (http://…/janus).</summary>
    public int Mountpoint { get; init; } = 1;

    /// <summary>True when <see cref="Url"/> is Janus's HTTP API rather than a MyVid signalling WebSocket.</summary>
    public bool IsJanus => Url.Scheme is "http" or "https";

    /// <summary>Called with a viewer's id when the node ends its session (closes the socket or says <c>ended</c>).</summary>
    public Action<int>? EndedByNode { get; init; }
}

/// <summary>Runs the viewers of a <see cref="ViewersOptions"/> and gives a <see cref="ViewersReport"/>.</summary>
internal static class ViewersRun
{
    public static async Task<ViewersReport> RunAsync(ViewersOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var settings = new PeerSettings(DtlsCertificate.Create(DateTimeOffset.UtcNow));
        var shards = Enumerable.Range(0, options.Threads).Select(i => new ViewerShard(i)).ToArray();
        using var janus = options.IsJanus ? new HttpClient { Timeout = TimeSpan.FromSeconds(60) } : null;
        var viewers = new Viewer[options.Count];
        var tasks = new Task[options.Count];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var clock = Stopwatch.StartNew();
        try
        {
            for (var i = 0; i < options.Count; i++)
            {
                var due = TimeSpan.FromSeconds(i / options.Rate);
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed, cancellationToken);
                }

                var viewer = viewers[i] = new Viewer(i) { SampleEvery = options.SampleEvery };
                tasks[i] = janus is null
                    ? RunMyVidViewerAsync(viewer, shards[i % shards.Length], options, settings, stop.Token)
                    : RunJanusViewerAsync(viewer, shards[i % shards.Length], options, settings, janus, stop.Token);
            }

            var rampSeconds = clock.Elapsed.TotalSeconds;
            var settle = Stopwatch.StartNew();
            while (settle.Elapsed < TimeSpan.FromSeconds(options.SettleSeconds)
                && viewers.Any(v => v.FirstKeyframeTicks == 0 && v.Error is null && !v.Closed))
            {
                await Task.Delay(100, cancellationToken);
            }

            await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"ramp {rampSeconds:F1} s, settle {settle.Elapsed.TotalSeconds:F1} s: {viewers.Count(v => v.FirstKeyframeTicks != 0)}/{options.Count} have a key frame; window {options.Seconds} s"));
            if (options.ReadyFile is not null)
            {
                await File.WriteAllTextAsync(options.ReadyFile, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), cancellationToken);
            }

            var before = Snapshot(viewers);
            var window = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(options.Seconds), cancellationToken);
            var after = Snapshot(viewers);
            var elapsed = window.Elapsed.TotalSeconds;
            await stop.CancelAsync();
            await Task.WhenAll(tasks.Where(t => t is not null)).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await Task.Delay(200, CancellationToken.None); // close_notify goes out
            return ViewersReport.Create(options, viewers, after.Packets - before.Packets, after.Bytes - before.Bytes, elapsed, rampSeconds);
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var shard in shards)
            {
                shard.Dispose();
            }

            foreach (var viewer in viewers)
            {
                viewer?.Dispose();
            }
        }
    }

    private static (long Packets, long Bytes) Snapshot(Viewer[] viewers) =>
        (viewers.Sum(v => v?.Packets ?? 0), viewers.Sum(v => v?.Bytes ?? 0));

    private static bool TryAnswer(Viewer viewer, string? offerSdp, ViewerShard shard, ViewersOptions options, PeerSettings settings, out string answer, out string candidate)
    {
        answer = candidate = "";
        if (!SdpParser.TryParse(offerSdp ?? "", out var offer, out var sdpError))
        {
            viewer.Error = "offer: " + sdpError;
            return false;
        }

        return viewer.TryAnswer(offer, settings, options.LocalAddress, shard.Wake, out answer, out candidate);
    }

    /// <summary>
    /// One viewer's life against either server: <paramref name="setUp"/> opens its signalling, <paramref name="watch"/>
    /// joins (calling <c>added</c> once the viewer's media runs on the shard) and waits; a failure becomes the viewer's
    /// figure, not the end of the run; the shard lets go of the viewer and <paramref name="tearDown"/> closes the
    /// signalling whatever happened.
    /// </summary>
    private static async Task RunViewerAsync<TSignal>(Viewer viewer, ViewerShard shard, Func<CancellationToken, Task<TSignal>> setUp,
        Func<TSignal, Action, CancellationToken, Task> watch, Func<TSignal, Task> tearDown, CancellationToken cancellationToken)
        where TSignal : class
    {
        await Task.Yield();
        TSignal? signal = null;
        var added = false;
        try
        {
            viewer.JoinTicks = Stopwatch.GetTimestamp();
            signal = await setUp(cancellationToken);
            await watch(signal, () =>
            {
                shard.Add(viewer);
                added = true;
            }, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // a viewer's failure is a figure of the run, not the end of it
        catch (Exception e)
#pragma warning restore CA1031
        {
            viewer.Error ??= e.GetType().Name + ": " + e.Message;
        }
        finally
        {
            if (added)
            {
                shard.Close(viewer);
            }

            if (signal is not null)
            {
                await tearDown(signal);
            }
        }
    }

    /// <summary>The same viewer against Janus's streaming plugin: HTTP signalling, then the same media path.</summary>
    private static Task RunJanusViewerAsync(Viewer viewer, ViewerShard shard, ViewersOptions options, PeerSettings settings, HttpClient http, CancellationToken cancellationToken) =>
        RunViewerAsync(viewer, shard, ct => JanusSession.CreateAsync(http, options.Url, ct), async (janus, added, ct) =>
        {
            var offer = await janus.WatchAsync(options.Mountpoint, ct);
            viewer.OfferTicks = Stopwatch.GetTimestamp();
            if (!TryAnswer(viewer, offer, shard, options, settings, out var answer, out var candidate))
            {
                return;
            }

            await janus.StartAsync(answer, candidate, ct);
            added();
            await Task.Delay(Timeout.Infinite, ct);
        }, janus => janus.DestroyAsync(), cancellationToken);

    private static Task RunMyVidViewerAsync(Viewer viewer, ViewerShard shard, ViewersOptions options, PeerSettings settings, CancellationToken cancellationToken) =>
        RunViewerAsync(viewer, shard, ct => SignalSocket.ConnectAsync(options.Url, ct), (signal, added, ct) =>
            WatchAsync(viewer, shard, options, settings, signal, added, ct), async signal =>
        {
            await signal.CloseAsync();
            signal.Dispose();
        }, cancellationToken);

    /// <summary>MyVid's signalling (appendix D): <c>join</c>, answer the offer, then follow the node until it ends.</summary>
    private static async Task WatchAsync(Viewer viewer, ViewerShard shard, ViewersOptions options, PeerSettings settings, SignalSocket signal, Action added, CancellationToken cancellationToken)
    {
        var joined = false;
        await signal.SendAsync(cancellationToken, ("type", "join"), ("StreamID", options.StreamId));
        while (true)
        {
            using var message = await signal.ReceiveAsync(cancellationToken);
            if (message is null)
            {
                options.EndedByNode?.Invoke(viewer.Id);
                return;
            }

            switch (SignalSocket.Text(message, "type"))
            {
                case "offer" when !joined:
                    viewer.OfferTicks = Stopwatch.GetTimestamp();
                    if (!TryAnswer(viewer, SignalSocket.Text(message, "sdp"), shard, options, settings, out var answer, out var candidate))
                    {
                        return;
                    }

                    await signal.SendAsync(cancellationToken, ("type", "answer"), ("sdp", answer));
                    await signal.SendAsync(cancellationToken, ("candidate", candidate));
                    added();
                    joined = true;
                    break;
                case "error":
                    viewer.Error ??= "node: " + SignalSocket.Text(message, "message");
                    if (!joined)
                    {
                        return;
                    }

                    break;
                case "ended":
                    viewer.Ended = true;
                    options.EndedByNode?.Invoke(viewer.Id);
                    return;
            }
        }
    }
}
