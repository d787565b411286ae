using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MyVid.Platform.Modules;
using MyVid.Platform.Options;
using MyVid.Platform.Roles;

namespace MyVid.Web;

/// <summary>The browser client (home, search, watch, upload, go live), served as static files by the api role.</summary>
public sealed class WebModule : IMyVidModule
{
    public bool IsActive(ActiveRoles roles) => roles.Has(NodeRoles.Api);

    public void AddServices(IServiceCollection services, IConfiguration configuration, ActiveRoles roles)
    {
        services.AddValidatedOptions<WebOptions, WebOptionsValidator>(WebOptions.Section);
        services.AddSingleton(WebAssets.LoadEmbedded());
        services.AddSingleton<ContentSecurityPolicy>();
        // First of the writers: the default one would answer a browser's */* with JSON before it is asked.
        services.Insert(0, ServiceDescriptor.Singleton<IProblemDetailsWriter, UnknownPageWriter>());
    }

    public void MapEndpoints(IEndpointRouteBuilder routes, ActiveRoles roles) => routes.MapWebClient();
}
