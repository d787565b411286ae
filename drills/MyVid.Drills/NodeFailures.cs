using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using MyVid.LoadClient;

namespace MyVid.Drills;

/// <summary>
/// Drill 4. (a) SIGKILL the endpoint the media nodes are attached to: how long until NEWUPLOAD and NEWSTREAM name
/// only the other one and every media node registered there; then an upload and a new live stream go through it.
/// (b) SIGKILL the media node carrying a live stream with viewers: how long until the viewers are told (their
/// signalling socket ends) and the catalogue entry is ended (GET /API/VIDEO/{ID} answers 404).
/// </summary>
internal static class NodeFailures
{
    private const string RegisteredLine = " registered as ";

    public sealed record EndpointResult(
        string Victim, IReadOnlyList<string> Attached, double UploadsMovedSeconds, double StreamsMovedSeconds, IReadOnlyDictionary<string, double> ReRegisteredSeconds,
        bool UploadAfterwardsOk, string UploadServer, long ViewerPacketsAfterwards, double RestartSeconds, IReadOnlyList<UploadAtKill> UploadsAtKill)
    {
        public bool UploadsAtKillOk => UploadsAtKill.All(u => u.SameBytes);

        public void Print(TextWriter output) => output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"""
            endpoint crash: SIGKILL {Victim}
              NEWUPLOAD         names only the survivor {UploadsMovedSeconds:F2} s after the kill
              uploads at kill   {string.Join("\n                                ", UploadsAtKill)}
              NEWSTREAM         names only the survivor {StreamsMovedSeconds:F2} s after the kill
              re-registered     {string.Join(", ", ReRegisteredSeconds.Select(r => $"{r.Key} {r.Value:F2} s"))} (attached to {Victim}: {string.Join(", ", Attached)})
              upload after      {(UploadAfterwardsOk ? "same bytes back" : "FAILED")} via {UploadServer}
              stream after      a new stream through the survivor, viewer got {ViewerPacketsAfterwards} packets
              restart           {Victim} healthy again {RestartSeconds:F2} s after its start
            """));
    }

    public sealed record MediaResult(
        string Victim, int Viewers, long PacketsBeforeKill, IReadOnlyList<double> ViewersToldSeconds, double EntryEndedSeconds,
        double HeartbeatTimeoutSeconds, double LiveSecondsBeforeKill, KeptRecording Recording)
    {
        public void Print(TextWriter output) => output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"""
            media node crash during a live stream: SIGKILL {Victim}
              before            live for {LiveSecondsBeforeKill:F1} s (since LIVE was answered); {Viewers} viewers received {PacketsBeforeKill} packets
              viewers told      {(ViewersToldSeconds.Count == 0 ? "never" : string.Join(", ", ViewersToldSeconds.Select(s => $"{s:F2} s")))} after the kill ({ViewersToldSeconds.Count}/{Viewers})
              entry ended       GET /API/VIDEO/ID 404 {EntryEndedSeconds:F2} s after the kill (heartbeat timeout {HeartbeatTimeoutSeconds:F0} s)
              recording kept    {Recording}
            """));
    }

    /// <summary>What the live entry became once its media node was started again (null fields: it did not).</summary>
    public sealed record KeptRecording(double? SecondsAfterRestart, string? Type, bool CutShort, long Bytes, bool WebM)
    {
        public bool Ok => SecondsAfterRestart is not null && Type == "HTTP" && CutShort && Bytes > 0 && WebM;

        public override string ToString() => SecondsAfterRestart is { } s
            ? string.Create(CultureInfo.InvariantCulture, $"GET /API/VIDEO/ID 200 {s:F2} s after the node's restart: type {Type}, cutShort {CutShort.ToString().ToLowerInvariant()}, its URL {Bytes} bytes{(WebM ? " of WebM" : " (not WebM)")}")
            : "not handed over within 2 min of the node's restart";
    }

    public static async Task<EndpointResult> KillEndpointAsync(Deployment deployment, TextWriter log, CancellationToken cancellationToken)
    {
        using var api = Deployment.Client(deployment.Api, timeout: TimeSpan.FromSeconds(30), waitOutLimits: true);
        var attached = await NewStreamServerAsync(api, cancellationToken) ?? throw new InvalidOperationException("NEWSTREAM found no media node");
        var victim = deployment.EndpointNode(attached);
        var survivor = deployment.Endpoints.First(e => e.Authority != attached).Authority;
        // The media nodes attached to the victim: their last registration names its address.
        var victimUrl = $" at http://{deployment.NodeHttp[victim]}/";
        var media = deployment.Nodes.Where(n => n.StartsWith("media", StringComparison.Ordinal))
            .Where(m => LastLine(deployment.NodeLog(m), RegisteredLine)?.Contains(victimUrl, StringComparison.Ordinal) == true).ToList();
        var registrations = media.ToDictionary(m => m, m => Count(deployment.NodeLog(m), RegisteredLine));

        var clock = Stopwatch.StartNew();
        await deployment.KillAsync(victim);
        await log.WriteLineAsync($"killed {victim} ({attached}); survivor {survivor}");
        var atKill = UploadsAtKillAsync(deployment, clock, cancellationToken);
        double? uploads = null, streams = null;
        var (inARow, lastOther) = (0, 0.0);
        var reRegistered = new Dictionary<string, double>();
        while (uploads is null || streams is null || reRegistered.Count < media.Count)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"after 60 s: uploads moved {uploads}, streams moved {streams}, re-registered {string.Join(",", reRegistered.Keys)}");
            }
            // Round robin: the dead one is out once several answers in a row name the survivor.
            if (uploads is null)
            {
                if (new Uri(await NewUploadServerAsync(api, cancellationToken)).Authority == survivor)
                {
                    uploads = ++inARow == 10 ? lastOther : null;
                }
                else
                {
                    (inARow, lastOther) = (0, clock.Elapsed.TotalSeconds);
                }
            }
            if (streams is null && await NewStreamServerAsync(api, cancellationToken) == survivor)
            {
                streams = clock.Elapsed.TotalSeconds;
            }
            foreach (var m in media.Where(m => !reRegistered.ContainsKey(m) && Count(deployment.NodeLog(m), RegisteredLine) > registrations[m]))
            {
                reRegistered[m] = clock.Elapsed.TotalSeconds;
            }
            await Task.Delay(200, cancellationToken); // two requests a round: within the topology's 5 a second per api node
        }

        var begunAtKill = await atKill;
        using var files = Deployment.Client();
        var upload = await UploadFlow.RunAsync(api, files, "after an endpoint crash", UploadFlow.FakeMp4(200_000), cancellationToken);
        long packets;
        await using (var live = await LiveSession.StartAsync(api, log, cancellationToken))
        {
            if (live.EndpointAuthority != survivor)
            {
                throw new InvalidOperationException($"the new stream went through {live.EndpointAuthority}, not the survivor {survivor}");
            }
            var report = await live.WatchAsync(1, 2, log, cancellationToken);
            packets = report.Viewers.Sum(v => v.Packets);
        }
        var restart = Stopwatch.StartNew();
        await deployment.StartAsync(victim);
        return new EndpointResult(victim, media, uploads.Value, streams.Value, reRegistered, upload.SameBytes, upload.UploadServer.Authority, packets,
            restart.Elapsed.TotalSeconds, begunAtKill);
    }

    /// <summary>
    /// Uploads begun 0, 0.7 and 1.4 s after the kill, while NEWUPLOAD may still name the dead endpoint, each from an
    /// address of its own (the rate limits key on it) and going back to NEWUPLOAD as the web client does.
    /// </summary>
    private static async Task<IReadOnlyList<UploadAtKill>> UploadsAtKillAsync(Deployment deployment, Stopwatch clock, CancellationToken cancellationToken) =>
        await Task.WhenAll(Enumerable.Range(0, 3).Select(async i =>
        {
            var begun = TimeSpan.FromSeconds(0.7 * i);
            await Task.Delay(begun - clock.Elapsed > TimeSpan.Zero ? begun - clock.Elapsed : TimeSpan.Zero, cancellationToken);
            begun = clock.Elapsed;
            var source = IPAddress.Parse($"127.0.0.{31 + i}");
            using var api = Deployment.Client(deployment.Api, source, TimeSpan.FromSeconds(30), waitOutLimits: true);
            using var files = Deployment.Client(source: source);
            try
            {
                var result = await UploadFlow.RunAsync(api, files, $"begun as its endpoint died {i}", UploadFlow.FakeMp4(100_000), cancellationToken);
                return new UploadAtKill(begun.TotalSeconds, [.. result.ServersNamed.Select(u => deployment.EndpointNode(u.Authority))], result.SameBytes, null);
            }
            catch (HttpRequestException e)
            {
                return new UploadAtKill(begun.TotalSeconds, [], false, e.Message);
            }
        }));

    /// <summary>An upload begun while its endpoint died: the endpoints NEWUPLOAD named in turn, and how it ended.</summary>
    public sealed record UploadAtKill(double BegunSeconds, IReadOnlyList<string> Named, bool SameBytes, string? Error)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"+{BegunSeconds:F1} s: {(Error is null ? $"NEWUPLOAD named {string.Join(", then ", Named)}; {(SameBytes ? "published, same bytes back" : "bytes DIFFER")}" : "FAILED: " + Error)}");
    }

    public static async Task<MediaResult> KillMediaNodeAsync(Deployment deployment, int viewers, double heartbeatTimeoutSeconds, TextWriter log,
        CancellationToken cancellationToken)
    {
        using var api = Deployment.Client(deployment.Api, timeout: TimeSpan.FromSeconds(30), waitOutLimits: true);
        await using var live = await LiveSession.StartAsync(api, log, cancellationToken);
        var victim = deployment.MediaUdp[live.Publisher.Server!];
        var clock = Stopwatch.StartNew();
        var killedAt = TimeSpan.MaxValue;
        var told = new List<double>();
        void Ended(int viewer)
        {
            lock (told)
            {
                told.Add((clock.Elapsed - killedAt).TotalSeconds);
            }
        }
        // The watching window outlasts the kill below; the report's packets are those received before it.
        var watching = live.WatchAsync(viewers, 20, log, cancellationToken, Ended);
        // Past the recording's first provisional copy in the store (Recorder: every 10 s): that much must be kept.
        await Task.Delay(TimeSpan.FromSeconds(12), cancellationToken);
        killedAt = clock.Elapsed;
        await deployment.KillAsync(victim);
        await log.WriteLineAsync($"killed {victim} (stream {live.VideoId})");
        double? ended = null;
        while (ended is null)
        {
            using var response = await api.GetAsync($"API/VIDEO/{live.VideoId}", cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                ended = (clock.Elapsed - killedAt).TotalSeconds;
            }
            else if (clock.Elapsed - killedAt > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"the live entry {live.VideoId} was still listed 60 s after its media node died");
            }
            await Task.Delay(50, cancellationToken);
        }
        var report = await watching;
        await deployment.StartAsync(victim);
        var recording = await KeptRecordingAsync(api, live.VideoId, cancellationToken);
        lock (told)
        {
            return new MediaResult(victim, viewers, report.Viewers.Sum(v => v.Packets), [.. told.Order()], ended.Value, heartbeatTimeoutSeconds,
                killedAt.TotalSeconds, recording);
        }
    }

    /// <summary>
    /// The restarted node completes the recording its crash interrupted (RecordingRecoveryService) and hands it over:
    /// the entry comes back as a stored video marked cut short, whose URL serves a WebM.
    /// </summary>
    private static async Task<KeptRecording> KeptRecordingAsync(HttpClient api, string id, CancellationToken cancellationToken)
    {
        var restarted = Stopwatch.StartNew();
        while (restarted.Elapsed < TimeSpan.FromMinutes(2))
        {
            using var response = await api.GetAsync($"API/VIDEO/{id}", cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var seconds = restarted.Elapsed.TotalSeconds;
                var entry = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync(cancellationToken));
                using var files = Deployment.Client();
                var bytes = await files.GetByteArrayAsync(entry.GetProperty("URL").GetString(), cancellationToken);
                return new KeptRecording(seconds, entry.GetProperty("type").GetString(),
                    entry.TryGetProperty("cutShort", out var cut) && cut.GetBoolean(), bytes.Length, bytes.AsSpan().StartsWith(WebMMagic));
            }
            await Task.Delay(500, cancellationToken);
        }
        return new KeptRecording(null, null, false, 0, false);
    }

    private static readonly byte[] WebMMagic = [0x1A, 0x45, 0xDF, 0xA3];

    private static async Task<string> NewUploadServerAsync(HttpClient api, CancellationToken cancellationToken)
    {
        var answer = JsonSerializer.Deserialize<JsonElement>(await api.GetStringAsync("API/NEWUPLOAD/", cancellationToken));
        return answer.GetProperty("Server").GetString()!;
    }

    private static async Task<string?> NewStreamServerAsync(HttpClient api, CancellationToken cancellationToken)
    {
        using var response = await api.GetAsync("API/NEWSTREAM/", cancellationToken);
        return response.IsSuccessStatusCode
            ? JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync(cancellationToken)).GetProperty("Server").GetString()
            : null;
    }

    private static int Count(string file, string text) => LogFile.Lines(file).Count(l => l.Contains(text, StringComparison.Ordinal));

    private static string? LastLine(string file, string text) => LogFile.Lines(file).LastOrDefault(l => l.Contains(text, StringComparison.Ordinal));
}
