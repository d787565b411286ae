using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using MyVid.Platform.Http;
using MyVid.Platform.Http.Limits;

namespace MyVid.Signalling.Whip;

/// <summary>
/// A WHIP or WHEP session's URL (RFC 9725 §4.3-4.4): <c>PATCH</c> with a trickle-ice-sdpfrag (trickled candidates:
/// 204; an ICE restart, <c>If-Match: *</c>: 422, which the RFC prescribes for a session that trickles but cannot
/// restart, and the session goes on), <c>DELETE</c> ends it (200, also for a session the node ended within the last
/// minute), <c>OPTIONS</c>.
/// </summary>
internal static class SessionResource
{
    private const string Methods = "PATCH, DELETE, OPTIONS";

    public static void MapSessionResources(this IEndpointRouteBuilder routes)
    {
        foreach (var pattern in new[] { "/whip/{session}", "/whep/{id}/{session}" })
        {
            routes.MapMethods(pattern, [HttpMethods.Patch], PatchAsync).RequirePublicRateLimit().WithTags("WHIP and WHEP")
                .WithSummary("Trickle ICE candidates into the session (application/trickle-ice-sdpfrag, If-Match: its ETag)")
                .DescribeTextBody(TrickleFragment.ContentType).Produces(StatusCodes.Status204NoContent)
                .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed)
                .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
                .ProducesProblem(StatusCodes.Status428PreconditionRequired);
            routes.MapDelete(pattern, DeleteAsync).RequirePublicRateLimit().WithTags("WHIP and WHEP").WithSummary("End the session")
                .Produces(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status404NotFound);
            routes.MapMethods(pattern, [HttpMethods.Options], (HttpContext context) => WhipHeaders.Options(context, Methods, null, TrickleFragment.ContentType))
                .WithTags("WHIP and WHEP").ExcludeFromDescription();
        }
    }

    private static async Task<IResult> PatchAsync(string session, HttpContext context, RelaySessions sessions, IOptions<SignallingOptions> options,
        CancellationToken cancellationToken)
    {
        WhipHeaders.AllowAnyOrigin(context.Response);
        if (!Find(session, context, sessions, out var found, out var missing))
        {
            return missing;
        }
        if (!SdpRequest.HasType(context.Request, TrickleFragment.ContentType))
        {
            return SdpRequest.WrongType(context, TrickleFragment.ContentType);
        }
        var ifMatch = context.Request.Headers.IfMatch.ToString().Trim();
        if (ifMatch.Length == 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match required",
                detail: "Send If-Match with the session's ETag (trickle) or * (ICE restart).");
        }
        var (text, problem) = await SdpRequest.ReadAsync(context.Request, options.Value.Whip.MaxOfferBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        if (!TrickleFragment.TryParse(text!, out var fragment, out var error))
        {
            return SdpRequest.Bad("Bad trickle-ice-sdpfrag: " + error);
        }
        if (ifMatch == "*")
        {
            // The node is ICE-lite with one fixed ufrag per session: it cannot take new credentials. The session goes on.
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "ICE restart not supported",
                detail: "This server takes trickled candidates but cannot restart ICE; the session goes on with its ICE as it is. "
                    + "To start over, DELETE the session and POST a new offer.");
        }
        if (!ifMatch.Split(',').Select(t => t.Trim()).Contains(found.ETag, StringComparer.Ordinal))
        {
            context.Response.Headers.ETag = found.ETag;
            return TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "ETag does not match",
                detail: "If-Match must be the session's current ETag.");
        }
        try
        {
            foreach (var candidate in fragment.Candidates)
            {
                // The ICE-lite node learns addresses from the client's checks; it checks trickled candidates and drops them.
                await found.SendAsync(w => w.WriteString("candidate", candidate), cancellationToken);
            }
        }
        catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or ObjectDisposedException)
        {
            return Problems.NotFound("No such session", "The session ended.");
        }
        return TypedResults.NoContent();
    }

    private static async Task<IResult> DeleteAsync(string session, HttpContext context, RelaySessions sessions)
    {
        WhipHeaders.AllowAnyOrigin(context.Response);
        if (Find(session, context, sessions, out var found, out var missing))
        {
            await found.DeleteAsync();
            return TypedResults.Ok();
        }
        // The session ended on the node's side a moment ago (the client closed its peer connection before DELETE).
        return sessions.TryForgetEnded(session, context.GetRouteValue("id") as string) ? TypedResults.Ok() : missing;
    }

    private static bool Find(string session, HttpContext context, RelaySessions sessions, out RelaySession found, out ProblemHttpResult missing)
    {
        if (sessions.TryGet(session, context.GetRouteValue("id") as string, out found))
        {
            missing = null!;
            return true;
        }
        missing = Problems.NotFound("No such session", "It ended, was deleted, or is held by another api node.");
        return false;
    }
}
