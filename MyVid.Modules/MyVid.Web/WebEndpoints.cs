using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace MyVid.Web;

/// <summary>
/// Serves the client: its pages answer with the app shell (<c>index.html</c>), whose router draws them; its files
/// live under <c>/assets/</c>. Other pages a browser asks for get the shell with a 404 status from
/// <see cref="UnknownPageWriter"/>.
/// </summary>
internal static class WebEndpoints
{
    public const string AssetsPrefix = "/assets";

    private const string Shell = "index.html";

    /// <summary>The client's pages; keep in step with <c>wwwroot/assets/js/routes.js</c>.</summary>
    private static readonly string[] Pages = ["/", "/search", "/watch/{id}", "/upload", "/live"];

    public static void MapWebClient(this IEndpointRouteBuilder routes)
    {
        foreach (var page in Pages)
        {
            routes.MapGet(page, (HttpContext context, WebAssets assets, ContentSecurityPolicy csp) =>
                    WriteShellAsync(context, assets, csp, StatusCodes.Status200OK))
                .ExcludeFromDescription();
        }
        routes.MapGet(AssetsPrefix + "/{**path}", Asset).ExcludeFromDescription();
    }

    private static Task Asset(string path, HttpContext context, WebAssets assets)
    {
        if (assets.Find("assets/" + path) is not { } asset)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such file",
                detail: $"The web client has no file '{path}'.").ExecuteAsync(context);
        }
        return WriteAsync(context, asset, StatusCodes.Status200OK);
    }

    public static Task WriteShellAsync(HttpContext context, WebAssets assets, ContentSecurityPolicy csp, int status)
    {
        var shell = assets.Find(Shell) ?? throw new InvalidOperationException("The web client's index.html is not embedded.");
        context.Response.Headers[HeaderNames.ContentSecurityPolicy] = csp.Value;
        return WriteAsync(context, shell, status);
    }

    /// <summary>
    /// Writes a file gzipped when the browser takes gzip. Revalidated on every use (<c>no-cache</c>, a 304 when the
    /// ETag is unchanged), so a new deployment shows at once.
    /// </summary>
    private static async Task WriteAsync(HttpContext context, WebAsset asset, int status)
    {
        var request = context.Request;
        var response = context.Response;
        var gzip = request.GetTypedHeaders().AcceptEncoding
            .Any(e => e.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase) && e.Quality is not 0);
        var etag = gzip ? asset.GzippedETag : asset.ETag;
        response.Headers.ETag = etag;
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        response.Headers.CacheControl = "no-cache";
        response.Headers.XContentTypeOptions = "nosniff";
        // Preview images and videos on other hosts (a CDN) need not learn which page asked for them.
        response.Headers["Referrer-Policy"] = "no-referrer";
        if (status == StatusCodes.Status200OK && request.GetTypedHeaders().IfNoneMatch.Any(t => t.Tag == etag || t.Tag == "*"))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        var body = gzip ? asset.Gzipped : asset.Content;
        response.StatusCode = status;
        response.ContentType = asset.ContentType;
        response.ContentLength = body.Length;
        if (gzip)
        {
            response.Headers.ContentEncoding = "gzip";
        }
        if (!HttpMethods.IsHead(request.Method))
        {
            await response.Body.WriteAsync(body, context.RequestAborted);
        }
    }
}
