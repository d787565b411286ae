using System.Diagnostics;
using System.Text;

namespace MyVid.Drills;

/// <summary>
/// A bounded load on the public API: each worker loops a random selection (<c>GET /API/VIDEO/</c>) and a search
/// (<c>POST /API/VIDEO/</c>) until stopped, one request at a time, and every answer is recorded with its time.
/// </summary>
internal sealed class RequestLoad
{
    private readonly List<Outcome> _outcomes = [];
    private readonly Stopwatch _clock;

    public RequestLoad(Stopwatch clock) => _clock = clock;

    /// <summary>One request: when it started and ended (drill clock), its status (0: no answer) and what went wrong.</summary>
    public sealed record Outcome(TimeSpan Start, TimeSpan End, int Status, string? Error)
    {
        public bool Ok => Status is >= 200 and < 300;
    }

    public IReadOnlyList<Outcome> Outcomes
    {
        get
        {
            lock (_outcomes)
            {
                return [.. _outcomes];
            }
        }
    }

    /// <summary>Runs <paramref name="workers"/> loops, each pausing <paramref name="pause"/> between requests, until cancelled.</summary>
    public Task RunAsync(HttpClient api, int workers, TimeSpan pause, CancellationToken stop) =>
        RunAsync(Enumerable.Repeat(api, workers).ToList(), pause, stop);

    /// <summary>One loop per client (clients from different addresses stay each under the per-address limit).</summary>
    public async Task RunAsync(IReadOnlyList<HttpClient> clients, TimeSpan pause, CancellationToken stop)
    {
        await Task.WhenAll(clients.Select((client, w) => WorkerAsync(client, w, pause, stop)));
    }

    private async Task WorkerAsync(HttpClient api, int worker, TimeSpan pause, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var start = _clock.Elapsed;
            int status;
            string? error = null;
            try
            {
                using var request = (i + worker) % 2 == 0
                    ? new HttpRequestMessage(HttpMethod.Get, "API/VIDEO/")
                    : new HttpRequestMessage(HttpMethod.Post, "API/VIDEO/")
                    {
                        Content = new StringContent("""{"Search":"drill"}""", Encoding.UTF8, "application/json"),
                    };
                using var response = await api.SendAsync(request, CancellationToken.None);
                await response.Content.ReadAsByteArrayAsync(CancellationToken.None);
                status = (int)response.StatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                status = 0;
                error = e.GetBaseException().Message;
            }
            lock (_outcomes)
            {
                _outcomes.Add(new Outcome(start, _clock.Elapsed, status, error));
            }
            try
            {
                await Task.Delay(pause, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
