using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using MyVid.Catalog.Contracts;
using MyVid.Platform.Http;
using MyVid.Platform.Http.Limits;
using MyVid.Signalling.Api;
using MyVid.Signalling.Ice;

namespace MyVid.Signalling.Whip;

/// <summary>
/// WHEP playback (draft-ietf-wish-whep) on the api role: <c>POST /whep/{ID}</c> of a recvonly offer joins the live
/// stream with catalogue ID {ID} on its media node (Appendix D's join, carrying the viewer's offer) and answers 201
/// with the node's sendonly answer; the session's URL <c>/whep/{ID}/{session}</c> takes PATCH and DELETE.
/// </summary>
internal static class WhepEndpoints
{
    public static void MapWhepEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/whep/{id}", PlayAsync).RequirePublicRateLimit().WithTags("WHIP and WHEP")
            .WithSummary("WHEP: watch live stream {id} (application/sdp recvonly offer → 201 with the answer)")
            .DescribeTextBody(SdpRequest.SdpType).Produces<string>(StatusCodes.Status201Created, SdpRequest.SdpType)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        routes.MapMethods("/whep/{id}", [HttpMethods.Options], (HttpContext context) =>
                WhipHeaders.Options(context, "POST, OPTIONS", SdpRequest.SdpType, null))
            .WithTags("WHIP and WHEP").ExcludeFromDescription();
    }

    private static async Task<IResult> PlayAsync(
        string id, HttpContext context, ILiveEntries live, IceServers ice, RelaySessions sessions, SessionOwners owners, IOptions<SignallingOptions> options,
        CancellationToken cancellationToken)
    {
        WhipHeaders.AllowAnyOrigin(context.Response);
        if (!SdpRequest.HasType(context.Request, SdpRequest.SdpType))
        {
            return SdpRequest.WrongType(context, SdpRequest.SdpType);
        }
        var (offer, problem) = await SdpRequest.ReadAsync(context.Request, options.Value.Whip.MaxOfferBytes, cancellationToken);
        problem ??= SdpRequest.CheckOffer(offer!);
        if (problem is not null)
        {
            return problem;
        }
        var entry = await live.FindAsync(id, cancellationToken);
        if (entry is null)
        {
            return Problems.NotFound("No such video", $"There is no video with ID '{id}'.");
        }
        if (!entry.IsLive || !Uri.TryCreate(entry.ControlUrl, UriKind.Absolute, out var control))
        {
            return WhipEndpoints.Conflict(context, $"Video '{id}' is not live now.");
        }
        if (!sessions.TryReserve())
        {
            return Problems.Unavailable("Too many sessions", "This server relays as many WHIP and WHEP sessions as it may.", context,
                StreamEndpoints.RetryAfterSeconds);
        }
        var socket = new UriBuilder(control) { Scheme = control.Scheme is "https" or "wss" ? "wss" : "ws" }.Uri;
        var streamId = entry.StreamId!;
        var (session, answer, refusal, reason) = await WhipEndpoints.OpenOrReleaseAsync(sessions, () => RelaySession.OpenAsync(socket,
            w =>
            {
                w.WriteString("type", "join");
                w.WriteString("StreamID", streamId);
                w.WriteString("sdp", offer);
            }, id, owners.Self, options.Value.Whip.AnswerTimeout, cancellationToken));
        if (session is null)
        {
            // The entry names a node that no longer has the stream (or is gone): no live publisher there now.
            return WhipEndpoints.Refused(context, refusal == RelayRefusal.Unavailable && reason!.Contains("no longer attached", StringComparison.Ordinal)
                ? RelayRefusal.NoPublisher : refusal, reason!);
        }
        sessions.Add(session);
        WhipHeaders.AddIceServers(context.Response, ice.Current());
        return await WhipHeaders.CreatedAsync(context, $"/whep/{id}/{session.Id}", session, answer!);
    }
}
