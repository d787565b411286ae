using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MyVid.Platform.Metrics;
using MyVid.Platform.Modules;
using MyVid.Platform.Options;
using MyVid.Platform.Persistence;
using MyVid.Platform.Roles;
using MyVid.Signalling.Admin;
using MyVid.Signalling.Api;
using MyVid.Signalling.Auth;
using MyVid.Signalling.Bridge;
using MyVid.Signalling.Contracts;
using MyVid.Signalling.Discovery;
using MyVid.Signalling.Ice;
using MyVid.Signalling.MediaApi;
using MyVid.Signalling.Nodes;
using MyVid.Signalling.Persistence;
using MyVid.Signalling.StreamKeys;
using MyVid.Signalling.Whip;

namespace MyVid.Signalling;

/// <summary>
/// Endpoint role: its own heartbeat in the Nodes table, media nodes' control sockets, the <c>/ENDPOINT/{id}</c>
/// bridge, the media-node API (docs/protocol/media-nodes.md). Api role: endpoint discovery
/// (<see cref="IEndpointDirectory"/>), <c>/API/NEWSTREAM/</c> and <c>/API/ICE</c> with TURN credentials, WHIP and WHEP
/// relayed to media nodes (docs/whip.md, docs/whep.md).
/// </summary>
public sealed class SignallingModule : IMyVidModule
{
    public bool IsActive(ActiveRoles roles) => roles.Has(NodeRoles.Api) || roles.Has(NodeRoles.Endpoint);

    public void AddServices(IServiceCollection services, IConfiguration configuration, ActiveRoles roles)
    {
        services.AddValidatedOptions<SignallingOptions, SignallingOptionsValidator>(SignallingOptions.Section);
        services.AddModuleDbContext<SignallingDbContext, SqliteSignallingDbContext, MariaDbSignallingDbContext>(configuration,
            SignallingDbContext.HistoryTable);
        services.AddScoped<StreamKeyStore>();
        services.AddScoped<IStreamKeys>(sp => sp.GetRequiredService<StreamKeyStore>());
        services.AddSingleton<ICliCommand, StreamKeysCommand>();
        services.AddSingleton<ICliCommand, NodesCommand>();
        // Api nodes announce themselves too: another api node forwards a session's PATCH/DELETE to its owner.
        services.AddSingleton<NodeHeartbeat>();
        services.AddHostedService(sp => sp.GetRequiredService<NodeHeartbeat>());
        if (roles.Has(NodeRoles.Api))
        {
            services.AddSingleton<IEndpointDirectory, EndpointDirectory>();
            services.AddSingleton<SessionOwners>();
            services.AddSingleton<MediaNodeDirectory>();
            services.AddSingleton<IceServers>();
            services.AddSingleton<RelaySessions>();
        }
        if (roles.Has(NodeRoles.Endpoint))
        {
            services.AddSingleton<ClusterAuthenticator>();
            services.AddSingleton<MediaNodeRegistry>();
            services.AddSingleton<MediaNodeStore>();
            services.AddSingleton<ControlSocket>();
            services.AddSingleton<ParkingLot>();
            services.AddModuleMetrics<SignallingMetrics>();
        }
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, SignallingWireJson.Default));
    }

    public void MapEndpoints(IEndpointRouteBuilder routes, ActiveRoles roles)
    {
        if (roles.Has(NodeRoles.Api))
        {
            routes.MapStreamEndpoints();
            routes.MapWhipEndpoints();
        }
        if (roles.Has(NodeRoles.Endpoint))
        {
            // Made now (when none is configured), before media nodes of this machine look for it.
            routes.ServiceProvider.GetRequiredService<ClusterAuthenticator>().EnsureSecret();
            routes.MapBridgeEndpoints();
            routes.MapMediaApi();
        }
    }
}
