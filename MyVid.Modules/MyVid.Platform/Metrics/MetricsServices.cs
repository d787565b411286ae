using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace MyVid.Platform.Metrics;

/// <summary>
/// <c>GET /metrics</c> in Prometheus' text format: ASP.NET Core's own HTTP and Kestrel instruments, the runtime's
/// (CPU time, GC, threads), and every module's <c>MyVid.*</c> meter (its <c>&lt;Module&gt;Metrics</c> class).
/// </summary>
public static class MetricsServices
{
    /// <summary>Every module names its meter <c>MyVid.&lt;Module&gt;</c>.</summary>
    public const string MeterPrefix = "MyVid.";

    public static IServiceCollection AddMetricsExport(this IServiceCollection services)
    {
        services.AddOpenTelemetry().ConfigureResource(r => r.AddService("myvid")).WithMetrics(metrics => metrics
            .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime", MeterPrefix + "*")
            // Every scrape sees current values: Prometheus scrapes seldom, tests read right after traffic.
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        return services;
    }

    /// <summary>Registers a module's metrics class, created when the node maps <c>/metrics</c> so its observable instruments exist from the start.</summary>
    public static IServiceCollection AddModuleMetrics<TMetrics>(this IServiceCollection services)
        where TMetrics : class
    {
        services.AddSingleton<TMetrics>();
        services.AddSingleton(new ModuleMetricsType(typeof(TMetrics)));
        return services;
    }

    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder routes)
    {
        foreach (var metrics in routes.ServiceProvider.GetServices<ModuleMetricsType>())
        {
            routes.ServiceProvider.GetRequiredService(metrics.Type);
        }
        routes.MapPrometheusScrapingEndpoint("/metrics");
        return routes;
    }

    private sealed record ModuleMetricsType(Type Type);
}
