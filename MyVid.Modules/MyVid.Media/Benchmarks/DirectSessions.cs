using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MyVid.Media.Catalog;
using MyVid.Media.Sessions;
using MyVid.Media.Sfu;
using MyVid.Media.Transport;
using MyVid.WebRtc.Peer;

using MyVid.Signalling.Contracts;

namespace MyVid.Media.Benchmarks;

/// <summary>
/// BENCHMARKS ONLY, off by default (<c>Media:DirectSessionsForBenchmarks</c>): lets a load client reach the node's
/// session handler without an endpoint. <c>ws://node/bench/session</c> hands the socket straight to
/// <see cref="IClientSessionHandler"/> (no authentication, no catalogue: <c>LIVE</c> answers the StreamID as the
/// ID), and <c>GET /bench/stats</c> gives the loop's counters. Not for production: anyone could publish.
/// </summary>
internal static class DirectSessions
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var session = routes.CreateApplicationBuilder();
        session.UseWebSockets();
        session.Run(async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await context.RequestServices.GetRequiredService<IClientSessionHandler>().RunAsync(socket, context.RequestAborted);
        });
        routes.Map("/bench/session", session.Build());
        routes.MapGet("/bench/stats", (MediaLoop loop, LiveRouter router, StreamDirectory streams, PeerSettings settings) => Results.Json(new
        {
            loop.DatagramsReceived,
            loop.DatagramsSent,
            loop.SendFailures,
            loop.SendCalls,
            loop.EarlyDatagramsReplayed,
            loop.EarlyDatagramsDropped,
            DtlsHandshakesQueued = settings.Scheduler.Queued,
            DtlsHandshakesRunning = settings.Scheduler.Running,
            Peers = loop.PeerCount,
            router.PacketsForwarded,
            router.PacketsRetransmitted,
            ViewersStartedFromCache = router.Counters.JoinsFromCache,
            Streams = streams.Count,
            Viewers = streams.TotalViewers,
        }));
    }
}

/// <summary>The catalogue of a benchmark node: a stream's catalogue ID is its StreamID, so a publisher can tell viewers what to join.</summary>
internal sealed class BenchmarkMediaCatalog : IMediaCatalog
{
    public Task<string> CreateLiveAsync(string title, string description, string streamId, CancellationToken cancellationToken) =>
        Task.FromResult(streamId);

    public Task ReportViewersAsync(string videoId, int viewers, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task MarkEndedAsync(string videoId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task MoveLiveAsync(string videoId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task AttachRecordingAsync(string videoId, LiveRecordingRequest recording, CancellationToken cancellationToken) => Task.CompletedTask;
}
