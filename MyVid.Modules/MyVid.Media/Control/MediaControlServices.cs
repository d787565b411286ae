using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MyVid.Media.Catalog;
using MyVid.Platform.Health;
using MyVid.Platform.Options;
using MyVid.Platform.Roles;

namespace MyVid.Media.Control;

/// <summary>The control link's services: the link to endpoints, the catalogue over their media API, the load it reports.</summary>
internal static class MediaControlServices
{
    public static IServiceCollection AddMediaControl(this IServiceCollection services, IConfiguration configuration, ActiveRoles roles)
    {
        services.AddValidatedOptions<MediaControlOptions, MediaControlOptionsValidator>(MediaControlOptions.Section);
        services.AddSingleton(new LinkTarget(roles.Has(NodeRoles.Endpoint)));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<LinkState>();
        services.AddSingleton<NodeCredentials>();
        services.AddSingleton<HttpMediaCatalog>();
        services.AddSingleton<IMediaCatalog>(sp => sp.GetRequiredService<HttpMediaCatalog>());
        // The SFU registers its own load (streams and viewers); this one counts bridged sessions.
        services.TryAddSingleton<IMediaLoad, BridgedSessionLoad>();
        services.AddSingleton<ParkedClientBridge>();
        services.AddHostedService<EndpointLink>();
        services.AddHealthChecks().AddCheck<RegistrationHealthCheck>("endpointRegistration", tags: [HealthTags.Ready]);
        return services;
    }
}
