using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MyVid.Platform.Logging;

/// <summary>
/// Every answer names its trace (<c>traceresponse</c>), so a browser can carry it to the next step of one flow
/// (NEWUPLOAD → NEWVIDEOUPLOAD → PUBLISH as a <c>traceparent</c> header, NEWSTREAM → the endpoint's WebSocket as a
/// <c>?traceparent=</c> query: a browser cannot set a WebSocket's headers). ASP.NET Core reads the header itself;
/// the query's trace is continued here, in an activity around the rest of the request.
/// </summary>
internal sealed class TraceContextMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        using var continued = request.Headers.ContainsKey(TraceContext.Header) || !request.Query.TryGetValue(TraceContext.Header, out var query)
            ? null
            : TraceContext.Start("MyVid.Request", query.ToString());
        if (TraceContext.Current is { } id)
        {
            context.Response.Headers[TraceContext.ResponseHeader] = id;
        }

        await next(context);
    }
}

public static class TraceContextMiddlewareExtensions
{
    /// <summary>First in the pipeline, so every later log line and outgoing call of the request is in the trace.</summary>
    public static IApplicationBuilder UseTraceContext(this IApplicationBuilder app) => app.UseMiddleware<TraceContextMiddleware>();
}
