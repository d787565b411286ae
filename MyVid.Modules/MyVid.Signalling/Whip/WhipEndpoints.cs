using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyVid.Platform.Http;
using MyVid.Platform.Http.Limits;
using MyVid.Signalling.Api;
using MyVid.Signalling.Contracts;
using MyVid.Signalling.Ice;
using MyVid.Signalling.Nodes;

namespace MyVid.Signalling.Whip;

/// <summary>
/// WHIP ingest (RFC 9725) on the api role: <c>POST /whip</c> with a stream key and an SDP offer opens a publisher
/// session on the least-loaded media node (Appendix C, relayed by <see cref="RelaySession"/>) and makes it a live
/// catalogue entry; the session's URL <c>/whip/{session}</c> takes PATCH and DELETE (<see cref="SessionResource"/>).
/// </summary>
internal static partial class WhipEndpoints
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 5000;

    public static void MapWhipEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/whip", PublishAsync).RequirePublicRateLimit().WithTags("WHIP and WHEP")
            .WithSummary("WHIP: publish a live stream (Authorization: Bearer <stream key>; application/sdp offer → 201 with the answer)")
            .DescribeTextBody(SdpRequest.SdpType).Produces<string>(StatusCodes.Status201Created, SdpRequest.SdpType)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        routes.MapMethods("/whip", [HttpMethods.Options], (HttpContext context) =>
                WhipHeaders.Options(context, "POST, OPTIONS", SdpRequest.SdpType, null))
            .WithTags("WHIP and WHEP").ExcludeFromDescription();
        routes.MapWhepEndpoints();
        routes.MapSessionResources();
    }

    private static async Task<IResult> PublishAsync(
        HttpContext context, IStreamKeys keys, MediaNodeDirectory nodes, IceServers ice, RelaySessions sessions, SessionOwners owners,
        IOptions<SignallingOptions> options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        WhipHeaders.AllowAnyOrigin(context.Response);
        var request = context.Request;
        if (!SdpRequest.HasType(request, SdpRequest.SdpType))
        {
            return SdpRequest.WrongType(context, SdpRequest.SdpType);
        }
        var keyName = BearerToken(request) is { } key ? await keys.VerifyAsync(key, cancellationToken) : null;
        if (keyName is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"MyVid WHIP\"";
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Stream key required",
                detail: "Send Authorization: Bearer <stream key> with a key an operator created (MyVid.Host stream-keys create) and did not revoke.");
        }
        var title = (request.Query["title"].FirstOrDefault() is { Length: > 0 } asked ? asked : keyName).Trim();
        var description = request.Query["description"].FirstOrDefault() ?? "";
        if (title.Length is 0 or > MaxTitleLength || description.Length > MaxDescriptionLength)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad title or description",
                detail: $"title: 1-{MaxTitleLength} characters; description: at most {MaxDescriptionLength}.");
        }
        var (offer, problem) = await SdpRequest.ReadAsync(request, options.Value.Whip.MaxOfferBytes, cancellationToken);
        problem ??= SdpRequest.CheckOffer(offer!);
        if (problem is not null)
        {
            return problem;
        }
        if (!sessions.TryReserve())
        {
            return Problems.Unavailable("Too many sessions", "This server relays as many WHIP and WHEP sessions as it may.", context,
                StreamEndpoints.RetryAfterSeconds);
        }
        var node = await nodes.ChooseAsync(cancellationToken);
        if (node is null)
        {
            sessions.Release();
            return Problems.Unavailable("No media node available", "No media node is attached to a live endpoint.", context, StreamEndpoints.RetryAfterSeconds);
        }
        var (session, answer, refusal, reason) = await OpenOrReleaseAsync(sessions, () => RelaySession.OpenAsync(SocketUrl(node.EndpointUrl, node.Id),
            w =>
            {
                w.WriteString("type", "offer");
                w.WriteString("sdp", offer);
            }, videoId: null, owners.Self, options.Value.Whip.AnswerTimeout, cancellationToken));
        if (session is null)
        {
            return Refused(context, refusal, reason!);
        }
        sessions.Add(session);
        _ = GoLiveAsync(session, title, description, loggers.CreateLogger("MyVid.Signalling.Whip"));
        WhipHeaders.AddIceServers(context.Response, ice.Current());
        return await WhipHeaders.CreatedAsync(context, "/whip/" + session.Id, session, answer!);
    }

    /// <summary>Opens a session on a reserved place; the place is given back when it does not open (the client gone included).</summary>
    public static async Task<(RelaySession? Session, string? Answer, RelayRefusal Refusal, string? Reason)> OpenOrReleaseAsync(
        RelaySessions sessions, Func<Task<(RelaySession? Session, string? Answer, RelayRefusal Refusal, string? Reason)>> open)
    {
        try
        {
            var opened = await open();
            if (opened.Session is null)
            {
                sessions.Release();
            }
            return opened;
        }
        catch
        {
            sessions.Release();
            throw;
        }
    }

    /// <summary>The problem for a media node's refusal of an offer.</summary>
    public static ProblemHttpResult Refused(HttpContext context, RelayRefusal refusal, string reason) => refusal switch
    {
        RelayRefusal.Refused => TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Offer not accepted", detail: reason),
        RelayRefusal.NoPublisher => Conflict(context, reason),
        _ => Problems.Unavailable("Media node unavailable", reason, context, StreamEndpoints.RetryAfterSeconds),
    };

    /// <summary>409 with Retry-After: the stream is not live now; it may be soon.</summary>
    public static ProblemHttpResult Conflict(HttpContext context, string detail)
    {
        context.Response.Headers.RetryAfter = StreamEndpoints.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "No live publisher", detail: detail);
    }

    /// <summary>The endpoint's client WebSocket for a media node: what a browser opens in Appendix C and D.</summary>
    public static Uri SocketUrl(Uri endpoint, string nodeId) =>
        new UriBuilder(endpoint) { Scheme = endpoint.Scheme == Uri.UriSchemeHttps ? "wss" : "ws", Path = "/ENDPOINT/" + nodeId, Query = "" }.Uri;

    private static string? BearerToken(HttpRequest request) =>
        request.Headers.Authorization.FirstOrDefault() is { } value && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? value["Bearer ".Length..].Trim() : null;

    /// <summary>
    /// Appendix C's LIVE once the offer is answered: the node waits for the media to connect, then enters the stream in
    /// the catalogue (and records it). A publisher whose media never comes is dropped.
    /// </summary>
    private static async Task GoLiveAsync(RelaySession session, string title, string description, ILogger logger)
    {
        try
        {
            await session.SendAsync(w =>
            {
                w.WriteString("type", "LIVE");
                w.WriteString("Title", title);
                w.WriteString("Description", description);
            }, CancellationToken.None);
            var id = await session.Live.Task;
            if (id is null)
            {
                LogNeverLive(logger, session.Id);
                await session.CloseAsync("the media never connected");
                return;
            }
            LogLive(logger, session.Id, id);
        }
        catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            LogNeverLive(logger, session.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "WHIP session {Session} is live as catalogue ID {VideoId}")]
    private static partial void LogLive(ILogger logger, string session, string videoId);

    [LoggerMessage(Level = LogLevel.Information, Message = "WHIP session {Session} ended before it was live (its media did not connect)")]
    private static partial void LogNeverLive(ILogger logger, string session);
}
