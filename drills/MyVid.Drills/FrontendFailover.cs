using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace MyVid.Drills;

/// <summary>
/// Drill 3: two api nodes behind HAProxy; a steady load of searches and random selections over HTTPS; api1 is
/// SIGKILLed. Counts failed/total, how many failures were requests started after the kill (should be none: the
/// proxy retries them on the survivor), how long until HAProxy marks the node down, and how long it takes to
/// come back once restarted.
/// </summary>
internal static class FrontendFailover
{
    public const string Victim = "api1";

    public sealed record Result(
        int Total, int Failed, int FailedStartedAfterKill, int ServedAfterKill, double DetectSeconds, double? LastFailureAfterKillSeconds,
        double RejoinSeconds, IReadOnlyList<string> Errors)
    {
        public void Print(TextWriter output) => output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"""
            frontend failover: SIGKILL {Victim} under load
              requests          {Failed} failed / {Total} total ({FailedStartedAfterKill} of the failures started after the kill)
              after the kill    {ServedAfterKill} served by the survivor
              detected          HAProxy marked {Victim} DOWN {DetectSeconds:F2} s after the kill
              last failure      {(LastFailureAfterKillSeconds is { } last ? $"{last:F2} s after the kill" : "none")}
              rejoined          {Victim} UP again {RejoinSeconds:F2} s after its restart
              errors            {(Errors.Count == 0 ? "none" : string.Join("; ", Errors))}
            """));
    }

    public static async Task<Result> RunAsync(Deployment deployment, TimeSpan before, TimeSpan after, int workers, TextWriter log, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var load = new RequestLoad(clock);
        // Each worker from an address of its own, as separate clients would be: the rate limits are per address.
        var clients = Enumerable.Range(0, workers)
            .Select(i => Deployment.Client(deployment.Api, IPAddress.Parse($"127.0.0.{21 + (i % 9)}"), TimeSpan.FromSeconds(10))).ToList();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = load.RunAsync(clients, TimeSpan.FromMilliseconds(250), stop.Token);
        await Task.Delay(before, cancellationToken);

        var killedAt = clock.Elapsed;
        await deployment.KillAsync(Victim);
        await log.WriteLineAsync($"killed {Victim} at {killedAt.TotalSeconds:F1} s");
        while (await deployment.ServerStateAsync("api", Victim) is { } state && state.StartsWith("UP", StringComparison.Ordinal))
        {
            if (clock.Elapsed - killedAt > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"HAProxy still shows {Victim} {state} 30 s after the kill");
            }
            await Task.Delay(25, cancellationToken);
        }
        var detect = (clock.Elapsed - killedAt).TotalSeconds;
        await Task.Delay(after, cancellationToken);
        await stop.CancelAsync();
        await running;
        clients.ForEach(c => c.Dispose());

        var restarted = Stopwatch.StartNew();
        await deployment.StartAsync(Victim);
        while (!(await deployment.ServerStateAsync("api", Victim)).StartsWith("UP", StringComparison.Ordinal))
        {
            if (restarted.Elapsed > TimeSpan.FromSeconds(120))
            {
                throw new TimeoutException($"HAProxy did not take {Victim} back within 120 s of its restart");
            }
            await Task.Delay(50, cancellationToken);
        }
        var outcomes = load.Outcomes;
        var failed = outcomes.Where(o => !o.Ok).ToList();
        return new Result(
            outcomes.Count,
            failed.Count,
            failed.Count(o => o.Start >= killedAt),
            outcomes.Count(o => o.Ok && o.Start >= killedAt),
            detect,
            failed.Any(o => o.End >= killedAt) ? failed.Where(o => o.End >= killedAt).Max(o => o.End - killedAt).TotalSeconds : null,
            restarted.Elapsed.TotalSeconds,
            failed.Select(o => o.Status == 0 ? o.Error ?? "no answer" : $"HTTP {o.Status}").Distinct().Take(5).ToList());
    }
}
