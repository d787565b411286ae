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

    /// <summary>The client's pages; keep in step with <c>wwwroot/assets/js/routes.js</c> (upload and live pages go here too).</summary>
    private static readonly string[] Pages = ["/", "/search", "/watch/{id}"];

    /// <summary>
    /// Everything the page needs comes from MyVid; images and videos may come from the object store or a CDN.
    /// Upload (PUT to pre-signed URLs) and live (WebSockets to endpoints) will widen <c>connect-src</c>.
    /// </summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src * data: blob:; media-src * blob:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    public static void MapWebClient(this IEndpointRouteBuilder routes)
    {
        foreach (var page in Pages)
        {
            routes.MapGet(page, (HttpContext context, WebAssets assets) => WriteShellAsync(context, assets, StatusCodes.Status200OK))
                .ExcludeFromDescription();
        }
        routes.MapGet(AssetsPrefix + "/{**path}", Asset).ExcludeFromDescription();
    }

    private static IResult Asset(string path, HttpContext context, WebAssets assets)
    {
        if (assets.Find("assets/" + path) is not { } asset)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such file",
                detail: $"The web client has no file '{path}'.");
        }
        AddSecurityHeaders(context.Response);
        // Revalidated on every use (a 304 when unchanged): a new deployment shows at once.
        context.Response.Headers.CacheControl = "no-cache";
        return Results.Bytes(asset.Content, asset.ContentType, entityTag: asset.ETag);
    }

    public static async Task WriteShellAsync(HttpContext context, WebAssets assets, int status)
    {
        var shell = assets.Find(Shell) ?? throw new InvalidOperationException("The web client's index.html is not embedded.");
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = shell.ContentType;
        response.ContentLength = shell.Content.Length;
        response.Headers.CacheControl = "no-cache";
        AddSecurityHeaders(response);
        response.Headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(shell.Content, context.RequestAborted);
        }
    }

    private static void AddSecurityHeaders(HttpResponse response)
    {
        response.Headers.XContentTypeOptions = "nosniff";
        // Preview images and videos on other hosts (a CDN) need not learn which page asked for them.
        response.Headers["Referrer-Policy"] = "no-referrer";
    }
}
