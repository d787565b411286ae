using System.Text;
using Microsoft.AspNetCore.Http;
using MyVid.Signalling.Api;

namespace MyVid.Signalling.Whip;

/// <summary>The headers WHIP (RFC 9725) and WHEP answers carry: CORS for browser clients, ICE servers as Link, the session's ETag.</summary>
internal static class WhipHeaders
{
    /// <summary>Every answer: any origin may use the API (a stream key or nothing authorises, never a cookie).</summary>
    public static void AllowAnyOrigin(HttpResponse response)
    {
        response.Headers.AccessControlAllowOrigin = "*";
        response.Headers.AccessControlExposeHeaders = "Location, ETag, Link, Accept-Patch, Accept-Post, Retry-After";
    }

    /// <summary>OPTIONS (and the CORS preflight): what the URL takes.</summary>
    public static IResult Options(HttpContext context, string methods, string? acceptPost, string? acceptPatch)
    {
        var headers = context.Response.Headers;
        AllowAnyOrigin(context.Response);
        headers.Allow = methods;
        headers.AccessControlAllowMethods = methods;
        headers.AccessControlAllowHeaders = "Authorization, Content-Type, If-Match";
        headers.AccessControlMaxAge = "86400";
        if (acceptPost is not null)
        {
            headers["Accept-Post"] = acceptPost;
        }
        if (acceptPatch is not null)
        {
            headers["Accept-Patch"] = acceptPatch;
        }
        return TypedResults.NoContent();
    }

    /// <summary>RFC 9725 §4.6: one <c>Link</c> per ICE server, TURN ones with the same time-limited credential as /API/ICE.</summary>
    public static void AddIceServers(HttpResponse response, PeerOptionsDto ice)
    {
        foreach (var server in ice.IceServers)
        {
            var link = new StringBuilder().Append('<').Append(server.Urls).Append(">; rel=\"ice-server\"");
            if (server.Username is not null && server.Credential is not null)
            {
                link.Append("; username=\"").Append(server.Username).Append("\"; credential=\"").Append(server.Credential)
                    .Append("\"; credential-type=\"password\"");
            }
            response.Headers.Append("Link", link.ToString());
        }
    }

    /// <summary>201 with the answer, the session's URL and its ETag.</summary>
    public static async Task<IResult> CreatedAsync(HttpContext context, string location, RelaySession session, string answer)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status201Created;
        response.ContentType = SdpRequest.SdpType;
        response.Headers.Location = location;
        response.Headers.ETag = session.ETag;
        response.Headers["Accept-Patch"] = SdpRequest.TrickleType;
        await response.WriteAsync(answer, context.RequestAborted);
        return Results.Empty;
    }
}
