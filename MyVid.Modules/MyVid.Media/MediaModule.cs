using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MyVid.Platform.Modules;
using MyVid.Platform.Roles;

namespace MyVid.Media;

/// <summary>The WebRTC media server: live streams forwarded packet by packet, recorded as they pass (media role).</summary>
public sealed class MediaModule : IMyVidModule
{
    public bool IsActive(ActiveRoles roles) => roles.Has(NodeRoles.Media);

    public void AddServices(IServiceCollection services, IConfiguration configuration, ActiveRoles roles)
    {
    }

    public void MapEndpoints(IEndpointRouteBuilder routes, ActiveRoles roles)
    {
    }
}
