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
        bool UploadAfterwardsOk, string UploadServer, long ViewerPacketsAfterwards, double RestartSeconds)
    {
        public void Print(TextWriter output) => output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"""
            endpoint crash: SIGKILL {Victim}
              NEWUPLOAD         names only the survivor {UploadsMovedSeconds:F2} s after the kill
              NEWSTREAM         names only the survivor {StreamsMovedSeconds:F2} s after the kill
              re-registered     {string.Join(", ", ReRegisteredSeconds.Select(r => $"{r.Key} {r.Value:F2} s"))} (attached to {Victim}: {string.Join(", ", Attached)})
              upload after      {(UploadAfterwardsOk ? "same bytes back" : "FAILED")} via {UploadServer}
              stream after      a new stream through the survivor, viewer got {ViewerPacketsAfterwards} packets
              restart           {Victim} healthy again {RestartSeconds:F2} s after its start
            """));
    }

    public sealed record MediaResult(
        string Victim, int Viewers, long PacketsBeforeKill, IReadOnlyList<double> ViewersToldSeconds, double EntryEndedSeconds,
        double HeartbeatTimeoutSeconds)
    {
        public void Print(TextWriter output) => output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"""
            media node crash during a live stream: SIGKILL {Victim}
              before            {Viewers} viewers received {PacketsBeforeKill} packets
              viewers told      {(ViewersToldSeconds.Count == 0 ? "never" : string.Join(", ", ViewersToldSeconds.Select(s => $"{s:F2} s")))} after the kill ({ViewersToldSeconds.Count}/{Viewers})
              entry ended       GET /API/VIDEO/ID 404 {EntryEndedSeconds:F2} s after the kill (heartbeat timeout {HeartbeatTimeoutSeconds:F0} s)
            """));
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
            restart.Elapsed.TotalSeconds);
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
        // The window outlasts the kill below; the report's packets are those received before it.
        var watching = live.WatchAsync(viewers, 8, log, cancellationToken, Ended);
        await Task.Delay(TimeSpan.FromSeconds(4), cancellationToken);
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
        lock (told)
        {
            return new MediaResult(victim, viewers, report.Viewers.Sum(v => v.Packets), [.. told.Order()], ended.Value, heartbeatTimeoutSeconds);
        }
    }

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
