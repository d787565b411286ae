using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MyVid.Media.Control;
using MyVid.Platform.Modules;
using MyVid.Platform.Roles;

namespace MyVid.Media;

/// <summary>The WebRTC media server: live streams forwarded packet by packet, recorded as they pass (media role).</summary>
public sealed class MediaModule : IMyVidModule
{
    public bool IsActive(ActiveRoles roles) => roles.Has(NodeRoles.Media);

    public void AddServices(IServiceCollection services, IConfiguration configuration, ActiveRoles roles)
    {
        // The control link to endpoints and the catalogue through their media API (Control/, docs/protocol/media-nodes.md).
        services.AddMediaControl(configuration, roles);
    }

    public void MapEndpoints(IEndpointRouteBuilder routes, ActiveRoles roles)
    {
    }
}
