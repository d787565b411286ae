using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using MyVid.Catalog.Contracts;
using MyVid.Platform.Http;
using MyVid.Platform.Ids;
using MyVid.Signalling.Auth;
using MyVid.Signalling.Contracts;
using MyVid.Signalling.Discovery;
using MyVid.Signalling.Nodes;

namespace MyVid.Signalling.MediaApi;

/// <summary>
/// The catalogue as media nodes see it (they never touch the database): create a live entry, report viewers, move
/// it to the node's new endpoint after a failover, end it, hand over its recording. Every request is cluster-signed; the entry's ControlURL names the calling node's
/// id on this endpoint, so the node must hold a control socket here.
/// </summary>
internal static partial class MediaApiEndpoints
{
    private const int MaxBodyBytes = 16 * 1024;
    private const string LogCategory = "MyVid.Signalling.MediaApi";

    public static void MapMediaApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(MediaNodePaths.Live).WithTags("Media nodes").ExcludeFromDescription();
        group.MapPost("", CreateAsync);
        group.MapPost("/{id}/viewers", ViewersAsync);
        group.MapPost("/{id}/moved", MovedAsync);
        group.MapPost("/{id}/ended", EndedAsync);
        group.MapPost("/{id}/recording", RecordingAsync);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, ClusterAuthenticator auth, MediaNodeRegistry registry,
        NodeHeartbeat endpoint, ICatalogWriter catalog, ILoggerFactory loggers)
    {
        var (node, body, refusal) = await ReadAsync(context, auth, SignallingWireJson.Default.LiveCreateRequest);
        if (refusal is not null)
        {
            return refusal;
        }
        if (string.IsNullOrWhiteSpace(body!.StreamId) || body.StreamId.Length > 64 || body.Title.Length > 200 || body.Description.Length > 5000)
        {
            return Invalid("StreamId is required (at most 64 characters); Title at most 200, Description at most 5000.");
        }
        var (controlUrl, notHere) = await ControlUrlAsync(node!, context, registry, endpoint);
        if (notHere is not null)
        {
            return notHere;
        }
        var id = ShortId.New();
        var title = string.IsNullOrWhiteSpace(body.Title) ? "Live stream" : body.Title.Trim();
        await catalog.CreateLiveAsync(new NewLiveVideo(id, title, body.Description.Trim(), controlUrl!, body.StreamId), context.RequestAborted);
        Track(registry, node!, id);
        Tag(id, body.StreamId);
        var logger = loggers.CreateLogger(LogCategory);
        LogCreated(logger, id, body.StreamId, node!, controlUrl!);
        return TypedResults.Json(new LiveCreatedResponse(id), SignallingWireJson.Default.LiveCreatedResponse);
    }

    /// <summary>The node registered here after a failover (a new id): its entry's ControlURL names it here from now on.</summary>
    private static async Task<IResult> MovedAsync(string id, HttpContext context, ClusterAuthenticator auth, MediaNodeRegistry registry,
        NodeHeartbeat endpoint, ICatalogWriter catalog, ILoggerFactory loggers)
    {
        var (node, _, refusal) = await ReadAsync<LiveViewersRequest>(context, auth, null);
        if (refusal is not null)
        {
            return refusal;
        }
        var (controlUrl, notHere) = await ControlUrlAsync(node!, context, registry, endpoint);
        if (notHere is not null)
        {
            return notHere;
        }
        if (!ShortId.IsWellFormed(id) || !await catalog.MoveLiveAsync(id, controlUrl!, context.RequestAborted))
        {
            return NoLive(id);
        }
        Track(registry, node!, id);
        Tag(id);
        var logger = loggers.CreateLogger(LogCategory);
        LogMoved(logger, id, node!, controlUrl!);
        return TypedResults.NoContent();
    }

    /// <summary>Remembers a live entry on the node's link here, so that the link dropping ends it (ControlSocket).</summary>
    private static void Track(MediaNodeRegistry registry, string node, string id)
    {
        if (registry.TryGetByName(node, out var link))
        {
            link.Lives.TryAdd(id, 0);
        }
    }

    /// <summary>Where clients reach <paramref name="node"/> through this endpoint; a 409 when it holds no control socket here.</summary>
    private static async Task<(string? ControlUrl, IResult? Refusal)> ControlUrlAsync(string node, HttpContext context, MediaNodeRegistry registry,
        NodeHeartbeat endpoint)
    {
        if (!registry.TryGetByName(node, out var link))
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not attached here",
                detail: $"Media node '{node}' holds no control socket to this endpoint: its live entries' ControlURL would point nowhere."));
        }
        var baseUrl = new Uri(await endpoint.BaseUrl.WaitAsync(context.RequestAborted));
        return ($"{baseUrl.Scheme}://{baseUrl.Authority}/ENDPOINT/{link.Id}", null);
    }

    private static async Task<IResult> ViewersAsync(string id, HttpContext context, ClusterAuthenticator auth, ICatalogWriter catalog)
    {
        var (_, body, refusal) = await ReadAsync(context, auth, SignallingWireJson.Default.LiveViewersRequest);
        if (refusal is not null)
        {
            return refusal;
        }
        if (body!.Viewers < 0)
        {
            return Invalid("Viewers cannot be negative.");
        }
        return ShortId.IsWellFormed(id) && await catalog.UpdateLiveViewersAsync(id, body.Viewers, context.RequestAborted)
            ? TypedResults.NoContent()
            : NoLive(id);
    }

    private static async Task<IResult> EndedAsync(string id, HttpContext context, ClusterAuthenticator auth, MediaNodeRegistry registry,
        ICatalogWriter catalog, ILoggerFactory loggers)
    {
        var (node, _, refusal) = await ReadAsync<LiveViewersRequest>(context, auth, null);
        if (refusal is not null)
        {
            return refusal;
        }
        if (registry.TryGetByName(node!, out var link))
        {
            link.Lives.TryRemove(id, out _);
        }
        if (!ShortId.IsWellFormed(id) || !await catalog.MarkLiveEndedAsync(id, context.RequestAborted))
        {
            return NoLive(id);
        }
        Tag(id);
        var logger = loggers.CreateLogger(LogCategory);
        LogEnded(logger, id, node!);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> RecordingAsync(string id, HttpContext context, ClusterAuthenticator auth, ICatalogWriter catalog,
        ILoggerFactory loggers)
    {
        var (_, body, refusal) = await ReadAsync(context, auth, SignallingWireJson.Default.LiveRecordingRequest);
        if (refusal is not null)
        {
            return refusal;
        }
        if (string.IsNullOrWhiteSpace(body!.VideoObjectKey) || body.VideoObjectKey.Length > 500 || body.PreviewObjectKey is { Length: > 500 })
        {
            return Invalid("VideoObjectKey is required (at most 500 characters).");
        }
        var recording = new LiveRecording(body.VideoObjectKey, body.PreviewObjectKey, body.DurationSeconds, body.CutShort);
        if (!ShortId.IsWellFormed(id) || !await catalog.AttachRecordingAsync(id, recording, context.RequestAborted))
        {
            return NoLive(id);
        }
        Tag(id);
        var logger = loggers.CreateLogger(LogCategory);
        LogRecording(logger, id, body.VideoObjectKey, body.CutShort);
        return TypedResults.NoContent();
    }

    /// <summary>The video id in the scope of what this request logs from here on (the trace id came with the node's call).</summary>
    private static void Tag(string videoId, string? streamId = null)
    {
        Activity.Current?.SetTag("VideoId", videoId);
        if (streamId is not null)
        {
            Activity.Current?.SetTag("StreamId", streamId);
        }
    }

    /// <summary>Reads the (small) body, checks the signature over it, parses it when a type is given.</summary>
    private static async Task<(string? Node, T? Body, IResult? Refusal)> ReadAsync<T>(
        HttpContext context, ClusterAuthenticator auth, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>? type)
        where T : class
    {
        var request = context.Request;
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, null, TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large"));
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes)
            {
                return (null, null, TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large"));
            }
        }
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var node = auth.Verify(request, bytes);
        if (node is null)
        {
            return (null, null, TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Not a media node of this cluster",
                detail: "The request's cluster signature is missing, wrong, too old or replayed."));
        }
        if (type is null)
        {
            return (node, null, null);
        }
        try
        {
            var body = JsonSerializer.Deserialize(bytes, type);
            return body is null ? (node, null, Invalid("A JSON object is required.")) : (node, body, null);
        }
        catch (JsonException)
        {
            return (node, null, Invalid("The body is not valid JSON for this request."));
        }
    }

    private static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request", detail: detail);

    private static ProblemHttpResult NoLive(string id) => Problems.NotFound("No such live entry", $"There is no live catalogue entry '{id}'.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Live entry {VideoId} created for stream {StreamId} of media node {Node} at {ControlUrl}")]
    private static partial void LogCreated(ILogger logger, string videoId, string streamId, string node, string controlUrl);

    [LoggerMessage(Level = LogLevel.Information, Message = "Live entry {VideoId} moved with media node {Node} to {ControlUrl}")]
    private static partial void LogMoved(ILogger logger, string videoId, string node, string controlUrl);

    [LoggerMessage(Level = LogLevel.Information, Message = "Live entry {VideoId} of media node {Node} ended")]
    private static partial void LogEnded(ILogger logger, string videoId, string node);

    [LoggerMessage(Level = LogLevel.Information, Message = "Live entry {VideoId} became its recording {Key} (cut short: {CutShort})")]
    private static partial void LogRecording(ILogger logger, string videoId, string key, bool cutShort);
}
