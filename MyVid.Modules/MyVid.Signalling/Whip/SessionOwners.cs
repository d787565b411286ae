using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MyVid.Platform.Http;
using MyVid.Platform.Ids;
using MyVid.Platform.Roles;
using MyVid.Signalling.Discovery;
using MyVid.Signalling.Persistence;

namespace MyVid.Signalling.Whip;

/// <summary>
/// Which api node holds a WHIP or WHEP session, and forwarding a session's PATCH or DELETE that reached another api
/// node to it. A session's id starts with its owner's node id (<see cref="NodeHeartbeat.NodeId"/>); the owner's URL
/// is its row in the Nodes table (<c>Signalling:Whip:InternalUrl</c>, else its public URL). The request goes on as
/// the client sent it (the unguessable session URL is its only credential), marked so that it is forwarded once.
/// </summary>
internal sealed class SessionOwners(NodeHeartbeat heartbeat, IServiceScopeFactory scopes, IOptions<SignallingOptions> options, TimeProvider clock)
    : IDisposable
{
    /// <summary>Marks a forwarded request: its receiver answers it itself, never forwards it again.</summary>
    public const string ForwardedHeader = "X-MyVid-Forwarded";

    private static readonly string[] CopiedHeaders = ["ETag", "Retry-After", "Accept-Patch", "WWW-Authenticate"];

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectTimeout = TimeSpan.FromSeconds(5),
        AllowAutoRedirect = false,
    })
    { Timeout = options.Value.Whip.AnswerTimeout + TimeSpan.FromSeconds(5) };

    /// <summary>This node's id: the start of the ids of the sessions it opens.</summary>
    public string Self => heartbeat.NodeId;

    /// <summary>
    /// Forwards the request for <paramref name="session"/> to the live api node that holds it and copies its answer
    /// back; null when there is none to ask (this node is the owner, the request was forwarded already, the owner is
    /// gone), and the caller answers itself.
    /// </summary>
    public async Task<IResult?> TryForwardAsync(string session, HttpContext context, CancellationToken cancellationToken)
    {
        if (session.Length <= ShortId.DefaultLength || context.Request.Headers.ContainsKey(ForwardedHeader)
            || await OwnerUrlAsync(session[..ShortId.DefaultLength], cancellationToken) is not { } owner)
        {
            return null;
        }

        var request = context.Request;
        using var forwarded = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(owner, request.Path.Value!.TrimStart('/') + request.QueryString));
        forwarded.Headers.TryAddWithoutValidation(ForwardedHeader, "1");
        if (request.Headers.IfMatch.Count > 0)
        {
            forwarded.Headers.TryAddWithoutValidation("If-Match", request.Headers.IfMatch.ToString());
        }
        if (request.ContentType is { } contentType)
        {
            forwarded.Content = new StreamContent(request.Body);
            forwarded.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        try
        {
            using var answer = await _http.SendAsync(forwarded, cancellationToken);
            var body = await answer.Content.ReadAsByteArrayAsync(cancellationToken);
            var response = context.Response;
            response.StatusCode = (int)answer.StatusCode;
            foreach (var name in CopiedHeaders)
            {
                if (answer.Headers.TryGetValues(name, out var values) || answer.Content.Headers.TryGetValues(name, out values))
                {
                    response.Headers[name] = values.ToArray();
                }
            }
            if (answer.Content.Headers.ContentType is { } type)
            {
                response.ContentType = type.ToString();
            }
            // Not even an empty write for a bodiless answer (a trickle's 204): Kestrel then ended the client's
            // keep-alive connection, and its next request on it failed (~1 forwarded PATCH in 20).
            if (body.Length > 0)
            {
                await response.Body.WriteAsync(body, cancellationToken);
            }
            return Results.Empty;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return Problems.Unavailable("Session's api node unreachable", "The api node holding this session did not answer; try again.", context, 10);
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<Uri?> OwnerUrlAsync(string owner, CancellationToken cancellationToken)
    {
        if (owner == Self)
        {
            return null;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SignallingDbContext>();
        var since = clock.GetUtcNow().UtcDateTime - options.Value.StaleAfter;
        var api = (int)NodeRoles.Api;
        var url = await db.Nodes.AsNoTracking().Where(n => n.Id == owner && n.LastSeenUtc >= since && (n.Roles & api) != 0)
            .Select(n => n.BaseUrl).FirstOrDefaultAsync(cancellationToken);
        return url is null ? null : new Uri(url);
    }
}
