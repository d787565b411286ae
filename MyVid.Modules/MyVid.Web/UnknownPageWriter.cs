using Microsoft.AspNetCore.Http;

namespace MyVid.Web;

/// <summary>
/// A browser that asks for a page MyVid does not have gets the app shell with its 404 status, and the client's
/// router says "page not found". It plugs into problem details, which write the body of a bodiless 404, and acts
/// only where no endpoint matched a GET outside <c>/API/</c>: every API answer (404, 405, problem+json) stays as it was.
/// </summary>
internal sealed class UnknownPageWriter(WebAssets assets, ContentSecurityPolicy csp) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        return http.Response.StatusCode == StatusCodes.Status404NotFound
            && http.GetEndpoint() is null
            && (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
            && !http.Request.Path.StartsWithSegments("/API", StringComparison.OrdinalIgnoreCase)
            && http.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
    }

    public ValueTask WriteAsync(ProblemDetailsContext context) =>
        new(WebEndpoints.WriteShellAsync(context.HttpContext, assets, csp, StatusCodes.Status404NotFound));
}
