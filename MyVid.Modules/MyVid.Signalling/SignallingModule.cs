using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MyVid.Platform.Modules;
using MyVid.Platform.Options;
using MyVid.Platform.Persistence;
using MyVid.Platform.Roles;
using MyVid.Signalling.Contracts;
using MyVid.Signalling.Discovery;
using MyVid.Signalling.Persistence;

namespace MyVid.Signalling;

/// <summary>
/// Endpoint discovery: endpoint nodes heartbeat into the Nodes table; api nodes choose among the live ones
/// (<see cref="IEndpointDirectory"/>). The WebSocket bridge and the media-node API will live here too.
/// </summary>
public sealed class SignallingModule : IMyVidModule
{
    public bool IsActive(ActiveRoles roles) => roles.Has(NodeRoles.Api) || roles.Has(NodeRoles.Endpoint);

    public void AddServices(IServiceCollection services, IConfiguration configuration, ActiveRoles roles)
    {
        services.AddValidatedOptions<SignallingOptions, SignallingOptionsValidator>(SignallingOptions.Section);
        services.AddModuleDbContext<SignallingDbContext, SqliteSignallingDbContext, MariaDbSignallingDbContext>(configuration,
            SignallingDbContext.HistoryTable);
        if (roles.Has(NodeRoles.Api))
        {
            services.AddSingleton<IEndpointDirectory, EndpointDirectory>();
        }
        if (roles.Has(NodeRoles.Endpoint))
        {
            services.AddHostedService<NodeHeartbeat>();
        }
    }

    public void MapEndpoints(IEndpointRouteBuilder routes, ActiveRoles roles)
    {
        // No HTTP surface yet: discovery is used through IEndpointDirectory.
    }
}
