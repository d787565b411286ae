using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using MyVid.Platform.Http;
using MyVid.Platform.Http.Limits;
using MyVid.WebRtc.Ice;

namespace MyVid.Signalling.Whip;

/// <summary>
/// A WHIP or WHEP session's URL (RFC 9725 §4.3-4.4): <c>PATCH</c> with a trickle-ice-sdpfrag (trickled candidates
/// with the ETag: 204; an ICE restart, <c>If-Match: *</c> with new credentials: 200 with the node's new ones and a new
/// ETag), <c>DELETE</c> ends it (200, also for a session the node ended within the last minute), <c>OPTIONS</c>. A
/// session another api node holds is served by forwarding the request to it (<see cref="SessionOwners"/>).
/// </summary>
internal static class SessionResource
{
    private const string Methods = "PATCH, DELETE, OPTIONS";

    public static void MapSessionResources(this IEndpointRouteBuilder routes)
    {
        foreach (var pattern in new[] { "/whip/{session}", "/whep/{id}/{session}" })
        {
            routes.MapMethods(pattern, [HttpMethods.Patch], PatchAsync).RequirePublicRateLimit().WithTags("WHIP and WHEP")
                .WithSummary("Trickle ICE candidates into the session (application/trickle-ice-sdpfrag, If-Match: its ETag), or restart ICE (If-Match: *)")
                .DescribeTextBody(TrickleFragment.ContentType).Produces(StatusCodes.Status204NoContent)
                .Produces<string>(StatusCodes.Status200OK, TrickleFragment.ContentType).ProducesProblem(StatusCodes.Status503ServiceUnavailable)
                .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed)
                .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
                .ProducesProblem(StatusCodes.Status428PreconditionRequired);
            routes.MapDelete(pattern, DeleteAsync).RequirePublicRateLimit().WithTags("WHIP and WHEP").WithSummary("End the session")
                .Produces(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status404NotFound);
            routes.MapMethods(pattern, [HttpMethods.Options], (HttpContext context) => WhipHeaders.Options(context, Methods, null, TrickleFragment.ContentType))
                .WithTags("WHIP and WHEP").ExcludeFromDescription();
        }
    }

    private static async Task<IResult> PatchAsync(string session, HttpContext context, RelaySessions sessions, SessionOwners owners,
        IOptions<SignallingOptions> options, CancellationToken cancellationToken)
    {
        WhipHeaders.AllowAnyOrigin(context.Response);
        if (!Find(session, context, sessions, out var found, out var missing))
        {
            return await owners.TryForwardAsync(session, context, cancellationToken) ?? missing;
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
            return await RestartIceAsync(found, fragment, context, options.Value.Whip.AnswerTimeout, cancellationToken);
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

    /// <summary>
    /// RFC 9725 §4.3.2: the client's new ufrag and pwd go to the node, which restarts its ICE (DTLS and SRTP stay);
    /// 200 with the node's new credentials and candidate, and a new ETag that later trickles must carry.
    /// </summary>
    private static async Task<IResult> RestartIceAsync(RelaySession session, TrickleFragment fragment, HttpContext context, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        try
        {
            _ = new IceCredentials(fragment.Ufrag!, fragment.Pwd!); // both present and of ice-chars
        }
        catch (ArgumentException)
        {
            return SdpRequest.Bad("An ICE restart (If-Match: *) carries the new a=ice-ufrag (4-256 ice-chars) and a=ice-pwd (22-256 ice-chars).");
        }
        var reply = await session.RestartIceAsync(fragment.Ufrag!, fragment.Pwd!, timeout, cancellationToken);
        if (reply is null)
        {
            context.Response.Headers.RetryAfter = "10";
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Media node unavailable",
                detail: "The media node did not answer the ICE restart in time; the session goes on with its ICE as it was.");
        }
        if (reply.Ended)
        {
            return Problems.NotFound("No such session", "The session ended.");
        }
        if (reply.Error is not null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "ICE restart refused",
                detail: "The media node refused the ICE restart: " + reply.Error + ". The session goes on with its ICE as it was.");
        }
        context.Response.Headers.ETag = session.ETag;
        return TypedResults.Text(TrickleFragment.Restarted(reply, session.FirstMedia), TrickleFragment.ContentType, Encoding.UTF8, StatusCodes.Status200OK);
    }

    private static async Task<IResult> DeleteAsync(string session, HttpContext context, RelaySessions sessions, SessionOwners owners,
        CancellationToken cancellationToken)
    {
        WhipHeaders.AllowAnyOrigin(context.Response);
        if (Find(session, context, sessions, out var found, out var missing))
        {
            await found.DeleteAsync();
            return TypedResults.Ok();
        }
        // The session ended on the node's side a moment ago (the client closed its peer connection before DELETE).
        if (sessions.TryForgetEnded(session, context.GetRouteValue("id") as string))
        {
            return TypedResults.Ok();
        }
        // Another api node may hold it (the session's id names it): it answers.
        return await owners.TryForwardAsync(session, context, cancellationToken) ?? missing;
    }

    private static bool Find(string session, HttpContext context, RelaySessions sessions, out RelaySession found, out ProblemHttpResult missing)
    {
        if (sessions.TryGet(session, context.GetRouteValue("id") as string, out found))
        {
            missing = null!;
            return true;
        }
        missing = Problems.NotFound("No such session", "It ended, was deleted, or the api node that held it is gone.");
        return false;
    }
}
