using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MyVid.Platform.Roles;

namespace MyVid.Platform.Health;

/// <summary>
/// <c>GET /healthz</c>: the node's roles and the state of every check, 503 when any is unhealthy (monitoring).
/// <c>GET /healthz/live</c>: 200 while the process serves (restart it when this fails).
/// <c>GET /healthz/ready</c>: only the checks tagged <see cref="HealthTags.Ready"/>, the database (api, endpoint) and the
/// registration with an endpoint (media): send the node traffic while this is 200.
/// </summary>
internal static class HealthEndpoint
{
    public static void MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = WriteAsync });
        routes.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        routes.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(HealthTags.Ready), ResponseWriter = WriteAsync });
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var roles = context.RequestServices.GetRequiredService<ActiveRoles>();
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            roles = roles.Names,
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
            }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, cancellationToken: context.RequestAborted);
    }
}
