using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MyVid.Platform.Roles;

namespace MyVid.Platform.Modules;

/// <summary>
/// One module of MyVid. The host asks each module whether the active roles concern it; a module that says no
/// registers no service, endpoint or background loop.
/// </summary>
public interface IMyVidModule
{
    bool IsActive(ActiveRoles roles);

    void AddServices(IServiceCollection services, IConfiguration configuration, ActiveRoles roles);

    void MapEndpoints(IEndpointRouteBuilder routes, ActiveRoles roles);
}
