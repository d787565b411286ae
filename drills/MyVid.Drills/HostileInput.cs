using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace MyVid.Drills;

/// <summary>
/// Drill 5: while a legitimate client (its own address) keeps searching, attackers flood the API from another
/// address, send oversized bodies, headers and WebSocket messages, park sockets, trickle headers and bodies, and a
/// seeded fuzzer mutates the JSON API and the signalling protocol. Measures what each attack got and what the
/// legitimate client got meanwhile.
/// </summary>
internal static class HostileInput
{
    /// <summary>The legitimate client's and the fuzzer's addresses (the attackers use 127.0.0.1): the limits are per address.</summary>
    public static readonly IPAddress Legitimate = IPAddress.Parse("127.0.0.29");

    /// <summary>The fuzzer is several clients, each under the deployment's limit (it tests the handlers, not the limiter).</summary>
    public static readonly IPAddress[] FuzzerAddresses = [.. Enumerable.Range(22, 7).Select(i => IPAddress.Parse($"127.0.0.{i}"))];

    public sealed record Options(TimeSpan Flood, int FloodWorkers, int ParkedSockets, TimeSpan ParkHold, int SlowConnections, TimeSpan SlowLimit, int JsonCases, int SocketCases, int Seed);

    public sealed record Result(
        int LegitimateTotal, int LegitimateFailed, double LegitimateP50Ms, double LegitimateP99Ms,
        int FloodTotal, int FloodLimited, bool LimitedIsProblemJson, string? RetryAfter,
        int OversizedBodyStatus, string OversizedHeaderAnswer, string OversizedMessageClose,
        (int Accepted, int Refused, int ClosedByServer) Parked,
        IReadOnlyList<double> SlowHeaderSeconds, (double Seconds, string Answer) SlowBody,
        IReadOnlyDictionary<int, int> JsonStatuses, IReadOnlyDictionary<string, int> SocketEndings, IReadOnlyList<string> Findings,
        bool HealthyAfterwards)
    {
        public void Print(TextWriter output)
        {
            var text = new StringBuilder();
            text.AppendLine("hostile input");
            text.AppendLine(CultureInfo.InvariantCulture, $"  legitimate client {LegitimateFailed} failed / {LegitimateTotal} total, p50 {LegitimateP50Ms:F0} ms, p99 {LegitimateP99Ms:F0} ms (during every attack below)");
            text.AppendLine(CultureInfo.InvariantCulture, $"  flood             {FloodLimited} of {FloodTotal} answered 429 (problem+json: {LimitedIsProblemJson}, Retry-After: {RetryAfter ?? "no 429 seen"})");
            text.AppendLine(CultureInfo.InvariantCulture, $"  oversized         1 MiB JSON body → {OversizedBodyStatus}; 64 KiB header → {OversizedHeaderAnswer}; 1 MiB WebSocket message → close {OversizedMessageClose}");
            text.AppendLine(CultureInfo.InvariantCulture, $"  parked flood      {Parked.Accepted} sockets accepted, {Parked.Refused} refused, {Parked.ClosedByServer} closed by the server while held");
            text.AppendLine(CultureInfo.InvariantCulture, $"  slow headers      {SlowHeaderSeconds.Count} connections closed after {(SlowHeaderSeconds.Count == 0 ? 0 : SlowHeaderSeconds.Min()):F1}–{(SlowHeaderSeconds.Count == 0 ? 0 : SlowHeaderSeconds.Max()):F1} s");
            text.AppendLine(CultureInfo.InvariantCulture, $"  slow body         cut after {SlowBody.Seconds:F1} s: {SlowBody.Answer}");
            text.AppendLine(CultureInfo.InvariantCulture, $"  JSON fuzz         {JsonStatuses.Values.Sum()} cases: {string.Join(", ", JsonStatuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}");
            text.AppendLine(CultureInfo.InvariantCulture, $"  WebSocket fuzz    {SocketEndings.Values.Sum()} sessions: {string.Join(", ", SocketEndings.OrderByDescending(s => s.Value).Select(s => $"{s.Key}×{s.Value}"))}");
            text.AppendLine(CultureInfo.InvariantCulture, $"  findings          {(Findings.Count == 0 ? "none" : string.Join("\n                    ", Findings.Take(10)))}");
            text.Append(CultureInfo.InvariantCulture, $"  afterwards        {(HealthyAfterwards ? "every node healthy, NEWSTREAM answers" : "NOT HEALTHY")}");
            output.WriteLine(text.ToString());
        }
    }

    public static async Task<Result> RunAsync(Deployment deployment, Options options, TextWriter log, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var legitimate = new RequestLoad(clock);
        using var legitimateClient = Deployment.Client(deployment.Api, Legitimate, TimeSpan.FromSeconds(10));
        using var stopLegitimate = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var legitimateRun = legitimate.RunAsync(legitimateClient, 1, TimeSpan.FromMilliseconds(250), stopLegitimate.Token);
        using var attacker = Deployment.Client(deployment.Api, timeout: TimeSpan.FromSeconds(10));

        await log.WriteLineAsync("flood");
        var flood = new RequestLoad(clock);
        using (var stopFlood = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            stopFlood.CancelAfter(options.Flood);
            await flood.RunAsync(attacker, options.FloodWorkers, TimeSpan.Zero, stopFlood.Token);
        }
        // One refusal looked at closely: the bucket refills as soon as the flood stops, so spend it again first.
        var (isProblem, retryAfter) = (false, (string?)null);
        for (var i = 0; i < 50 && retryAfter is null; i++)
        {
            using var answer = await attacker.GetAsync("API/VIDEO/", cancellationToken);
            if (answer.StatusCode == HttpStatusCode.TooManyRequests)
            {
                isProblem = answer.Content.Headers.ContentType?.MediaType == "application/problem+json";
                retryAfter = answer.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(CultureInfo.InvariantCulture) ?? "missing";
            }
        }
        // The attacker's bucket refills before the next attacks (each is measured on its own).
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);

        await log.WriteLineAsync("oversized");
        using var bigBody = new StringContent("{\"Search\":\"" + new string('a', 1024 * 1024) + "\"}", Encoding.UTF8, "application/json");
        using var bodyAnswer = await attacker.PostAsync("API/VIDEO/", bigBody, cancellationToken);
        var headerAnswer = await HostileClients.SendOversizedHeaderAsync(attacker, 64 * 1024, cancellationToken);
        var close = await HostileClients.SendOversizedAsync(await SignallingUrlAsync(attacker, cancellationToken), 1024 * 1024, cancellationToken);

        await log.WriteLineAsync("parked flood");
        var parked = await HostileClients.ParkFloodAsync(await SignallingUrlAsync(attacker, cancellationToken), options.ParkedSockets, options.ParkHold,
            cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);

        await log.WriteLineAsync("slow clients");
        var slowHeaders = HostileClients.SlowHeadersAsync(deployment.Api, options.SlowConnections, TimeSpan.FromSeconds(1), options.SlowLimit, cancellationToken);
        var slowBody = HostileClients.SlowBodyAsync(deployment.Api, TimeSpan.FromSeconds(1), options.SlowLimit, cancellationToken);

        await log.WriteLineAsync("fuzzing");
        var fuzzer = new Fuzzer(options.Seed);
        var findings = new List<string>();
        var fuzzClients = FuzzerAddresses.Select(a => Deployment.Client(deployment.Api, a, TimeSpan.FromSeconds(10))).ToList();
        var uploadServer = JsonSerializer.Deserialize<JsonElement>(await fuzzClients[0].GetStringAsync("API/NEWUPLOAD/", cancellationToken))
            .GetProperty("Server").GetString()!;
        var jsonStatuses = await fuzzer.FuzzJsonAsync(fuzzClients,
            [("API/VIDEO/", Fuzzer.ApiSeeds), (uploadServer, Fuzzer.UploadSeeds), ("API/PUBLISH/", Fuzzer.PublishSeeds)],
            options.JsonCases, TimeSpan.FromMilliseconds(30), findings, cancellationToken);
        var signalling = await SignallingUrlAsync(fuzzClients[0], cancellationToken);
        var socketEndings = await fuzzer.FuzzSocketAsync(signalling, FuzzerAddresses, options.SocketCases, TimeSpan.FromMilliseconds(150), cancellationToken);
        fuzzClients.ForEach(c => c.Dispose());
        var headers = await slowHeaders;
        var body = await slowBody;

        await stopLegitimate.CancelAsync();
        await legitimateRun;
        var healthy = await HealthyAsync(deployment, cancellationToken);
        var served = legitimate.Outcomes;
        var latencies = served.Where(o => o.Ok).Select(o => (o.End - o.Start).TotalMilliseconds).Order().ToList();
        var floodOutcomes = flood.Outcomes;
        return new Result(
            served.Count, served.Count(o => !o.Ok), Percentile(latencies, 0.5), Percentile(latencies, 0.99),
            floodOutcomes.Count, floodOutcomes.Count(o => o.Status == 429), isProblem, retryAfter,
            (int)bodyAnswer.StatusCode, headerAnswer, close, parked, headers, body, jsonStatuses, socketEndings, findings, healthy);
    }

    /// <summary>A fresh NEWSTREAM's signalling URL (wss://endpoint/ENDPOINT/{id}).</summary>
    private static async Task<Uri> SignallingUrlAsync(HttpClient api, CancellationToken cancellationToken)
    {
        var stream = JsonSerializer.Deserialize<JsonElement>(await api.GetStringAsync("API/NEWSTREAM/", cancellationToken));
        return new Uri($"wss://{stream.GetProperty("Server").GetString()}/ENDPOINT/{stream.GetProperty("Endpoint").GetString()}");
    }

    private static async Task<bool> HealthyAsync(Deployment deployment, CancellationToken cancellationToken)
    {
        using var client = Deployment.Client(deployment.Api, Legitimate, TimeSpan.FromSeconds(5));
        using var health = await client.GetAsync("healthz", cancellationToken);
        using var stream = await client.GetAsync("API/NEWSTREAM/", cancellationToken);
        var endpoints = await Task.WhenAll(deployment.Endpoints.Select(async e =>
        {
            using var answer = await client.GetAsync(new Uri(e, "healthz"), cancellationToken);
            return answer.IsSuccessStatusCode;
        }));
        return health.IsSuccessStatusCode && stream.IsSuccessStatusCode && endpoints.All(ok => ok);
    }

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[(int)Math.Min(sorted.Count - 1, p * sorted.Count)];
}
