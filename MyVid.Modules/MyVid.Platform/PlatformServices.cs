using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyVid.Platform.Health;
using MyVid.Platform.Hosting;
using MyVid.Platform.Http;
using MyVid.Platform.Metrics;
using MyVid.Platform.Modules;
using MyVid.Platform.Http.Limits;
using MyVid.Platform.Options;
using MyVid.Platform.Persistence;
using MyVid.Platform.Roles;
using MyVid.Platform.Storage;
using MyVid.Platform.Storage.Local;
using MyVid.Platform.Storage.S3;

namespace MyVid.Platform;

/// <summary>What every role needs: options, the object store, problem details, health checks, metrics, the clock.</summary>
public static class PlatformServices
{
    public static IServiceCollection AddPlatform(this IServiceCollection services, IConfiguration configuration, ActiveRoles roles)
    {
        services.AddSingleton(roles);
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddProblemDetails();
        services.AddExceptionHandler<UnavailableExceptionHandler>();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        // Modules that take cross-origin calls add their own policies; the middleware needs the service either way.
        services.AddCors();
        services.AddValidatedOptions<NodeOptions, NodeOptionsValidator>(NodeOptions.Section);
        services.AddValidatedOptions<DatabaseOptions, DatabaseOptionsValidator>(DatabaseOptions.Section);
        services.AddValidatedOptions<ObjectStoreOptions, ObjectStoreOptionsValidator>(ObjectStoreOptions.Section);
        services.AddSingleton<IPublicBaseUrl, PublicBaseUrl>();
        services.AddSingleton<ICliCommand, MigrateCommand>();
        services.AddSingleton<ICliCommand, ConfigCheckCommand>();
        services.AddPublicApiLimits();

        var store = configuration.GetValidated<ObjectStoreOptions, ObjectStoreOptionsValidator>(ObjectStoreOptions.Section);
        if (store.Provider == ObjectStoreProvider.S3)
        {
            services.AddSingleton<IObjectStore, S3ObjectStore>();
        }
        else
        {
            services.AddSingleton<LocalStoreRoot>();
            services.AddSingleton<LocalObjectStore>();
            services.AddSingleton<IObjectStore>(sp => sp.GetRequiredService<LocalObjectStore>());
        }
        services.AddHostedService<StartupTasks>();

        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [HealthTags.Ready])
            // Not a readiness check: with the store down, search, watching and live streams still work on this node.
            .AddCheck<ObjectStoreHealthCheck>("objectStore");
        services.AddMetricsExport();
        // The stream and video ids a media session puts on its activity appear in every log line's scope within it.
        services.Configure<LoggerFactoryOptions>(o => o.ActivityTrackingOptions |= ActivityTrackingOptions.Tags);
        return services;
    }

    public static IEndpointRouteBuilder MapPlatform(this IEndpointRouteBuilder routes)
    {
        routes.MapHealth();
        routes.MapMetrics();
        if (routes.ServiceProvider.GetRequiredService<IOptions<ObjectStoreOptions>>().Value.Provider == ObjectStoreProvider.Local)
        {
            routes.MapLocalObjectStore();
        }
        return routes;
    }
}
