using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using MyVid.Platform.Http;
using MyVid.Platform.Http.Limits;
using MyVid.Signalling.Ice;
using MyVid.Signalling.Nodes;

namespace MyVid.Signalling.Api;

/// <summary>Appendix C step 1 on the api role: <c>GET /API/NEWSTREAM/</c>; and <c>GET /API/ICE</c> for viewers (Appendix D).</summary>
internal static partial class StreamEndpoints
{
    /// <summary>Media nodes register within seconds of an endpoint's start.</summary>
    public const int RetryAfterSeconds = 10;

    public static void MapStreamEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/API/NEWSTREAM/", NewStreamAsync).WithTags("Live").RequirePublicRateLimit()
            .WithSummary("ICE servers and the media node to broadcast to (open /ENDPOINT/{Endpoint} on Server as a WebSocket)")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        routes.MapGet("/API/ICE", (IceServers ice) => TypedResults.Json(ice.Current(), StreamJsonContext.Default.PeerOptionsDto))
            .WithTags("Live").RequirePublicRateLimit().WithSummary("ICE servers (STUN, TURN with a time-limited credential) for a viewer's peer connection");
    }

    private static async Task<Results<JsonHttpResult<NewStreamDto>, ProblemHttpResult>> NewStreamAsync(
        MediaNodeDirectory nodes, IceServers ice, HttpContext context, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var node = await nodes.ChooseAsync(cancellationToken);
        if (node is null)
        {
            return Problems.Unavailable("No media node available",
                "No media node is attached to a live endpoint; live streams cannot start until one is back.", context, RetryAfterSeconds);
        }
        // The trace of this request follows the stream when the client passes it on (traceresponse → ?traceparent=).
        var logger = loggers.CreateLogger("MyVid.Signalling.Api");
        LogNewStream(logger, node.Id, node.EndpointUrl.Authority);
        return TypedResults.Json(new NewStreamDto(ice.Current(), node.EndpointUrl.Authority, node.Id), StreamJsonContext.Default.NewStreamDto);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "NEWSTREAM: media node {NodeId} through endpoint {Server}")]
    private static partial void LogNewStream(ILogger logger, string nodeId, string server);
}
