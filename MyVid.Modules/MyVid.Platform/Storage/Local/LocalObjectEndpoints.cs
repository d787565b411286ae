using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MyVid.Platform.Storage.Local;

/// <summary>
/// Serves the local store at its signed URLs: GET/HEAD with Range and the right content type, PUT for uploads,
/// and CORS preflights so a browser can upload straight to it, as it would to S3.
/// </summary>
internal static class LocalObjectEndpoints
{
    public static void MapLocalObjectStore(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(LocalObjectStore.RoutePrefix).ExcludeFromDescription();
        group.MapMethods("/{bucket}/{**key}", ["GET", "HEAD"], Download);
        group.MapPut("/{bucket}/{**key}", Upload);
        group.MapMethods("/{bucket}/{**key}", ["OPTIONS"], Preflight);
    }

    private static IResult Download(string bucket, string key, HttpContext context, LocalObjectStore store, TimeProvider clock)
    {
        AllowAnyOrigin(context.Response);
        if (Refusal(bucket, key, "GET", null, context.Request, store, clock) is { } refusal)
        {
            return refusal;
        }
        var path = store.PathOf(bucket, key);
        if (!File.Exists(path))
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such object",
                detail: $"'{key}' is not in bucket '{bucket}'.");
        }
        return Results.File(path, ContentTypes.ForFileName(key), enableRangeProcessing: true,
            lastModified: File.GetLastWriteTimeUtc(path));
    }

    private static async Task<IResult> Upload(string bucket, string key, HttpContext context, LocalObjectStore store,
        IOptions<ObjectStoreOptions> options, TimeProvider clock)
    {
        AllowAnyOrigin(context.Response);
        var part = PartOf(context.Request, out var badPart);
        if (badPart is not null)
        {
            return badPart;
        }
        if (Refusal(bucket, key, "PUT", part is { } p ? LocalObjectStore.PartOf(p.UploadId, p.Number) : null, context.Request, store, clock)
            is { } refusal)
        {
            return refusal;
        }
        var path = store.PathOf(bucket, key);
        if (part is { } q)
        {
            // A part of a multipart upload (S3's UploadPart): kept beside the others until the upload is completed.
            if (store.Multipart.FolderOf(bucket, key, q.UploadId) is not { } folder)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such upload",
                    detail: "This multipart upload was completed or aborted.");
            }
            path = LocalMultipart.PartPath(folder, q.Number);
        }
        var max = options.Value.Local.MaxObjectBytes;
        if (context.Request.ContentLength > max)
        {
            return TooLarge(max);
        }
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = max;
        }
        try
        {
            await LocalObjectStore.WriteAtomicallyAsync(path, context.Request.Body, max, context.RequestAborted);
        }
        catch (ObjectTooLargeException)
        {
            return TooLarge(max);
        }
        // S3 answers an upload with its ETag; browsers' multipart code reads it, so the local store does too.
        context.Response.Headers.ETag = LocalMultipart.ETagOf(new FileInfo(path));
        return Results.Ok();
    }

    /// <summary>The upload id and part number of a part upload; null for a whole object. A malformed one is refused.</summary>
    private static (string UploadId, int Number)? PartOf(HttpRequest request, out IResult? refusal)
    {
        refusal = null;
        var uploadId = request.Query[LocalObjectStore.UploadIdParameter].ToString();
        if (uploadId.Length == 0)
        {
            return null;
        }
        if (!int.TryParse(request.Query[LocalObjectStore.PartNumberParameter], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || number is < 1 or > LocalMultipart.MaxPartNumber)
        {
            refusal = Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid part number",
                detail: $"partNumber must be between 1 and {LocalMultipart.MaxPartNumber}.");
            return null;
        }
        return (uploadId, number);
    }

    private static IResult Preflight(HttpContext context)
    {
        AllowAnyOrigin(context.Response);
        context.Response.Headers.AccessControlAllowMethods = "GET, HEAD, PUT";
        context.Response.Headers.AccessControlAllowHeaders = "Content-Type, Range";
        context.Response.Headers.AccessControlMaxAge = "3600";
        return Results.NoContent();
    }

    private static IResult? Refusal(string bucket, string key, string method, string? part, HttpRequest request, LocalObjectStore store,
        TimeProvider clock)
    {
        if (!store.IsKnownBucket(bucket) || !ObjectKey.IsSafe(key))
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such object");
        }
        var expiresText = request.Query[LocalObjectStore.ExpiresParameter].ToString();
        var signature = request.Query[LocalObjectStore.SignatureParameter].ToString();
        if (!long.TryParse(expiresText, NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || signature.Length == 0
            || !store.Signer.Verify(method, bucket, key, expires, signature, part))
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Invalid signature",
                detail: "This URL is not signed for this object and method.");
        }
        if (clock.GetUtcNow().ToUnixTimeSeconds() > expires)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "URL expired",
                detail: "This signed URL has expired; ask the API for a fresh one.");
        }
        return null;
    }

    private static IResult TooLarge(long max) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Object too large",
            detail: $"The local store accepts objects of at most {max} bytes.");

    private static void AllowAnyOrigin(HttpResponse response)
    {
        response.Headers.AccessControlAllowOrigin = "*";
        response.Headers.AccessControlExposeHeaders = "ETag, Content-Length, Content-Range, Accept-Ranges";
    }
}
