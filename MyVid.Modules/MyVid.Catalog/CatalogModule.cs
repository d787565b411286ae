using FluentValidation;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MyVid.Catalog.Admin;
using MyVid.Catalog.Api;
using MyVid.Catalog.Contracts;
using MyVid.Catalog.Import;
using MyVid.Catalog.Live;
using MyVid.Catalog.Persistence;
using MyVid.Catalog.Search;
using MyVid.Catalog.Uploads;
using MyVid.Platform.Metrics;
using MyVid.Platform.Modules;
using MyVid.Platform.Options;
using MyVid.Platform.Persistence;
using MyVid.Platform.Roles;

namespace MyVid.Catalog;

/// <summary>
/// Videos and their search (Appendix A), the CCC import. Serves the public API on the api role; on the endpoint role
/// only its data services run, so that uploads can enter the catalogue through <see cref="ICatalogWriter"/>.
/// </summary>
public sealed class CatalogModule : IMyVidModule
{
    public bool IsActive(ActiveRoles roles) => roles.Has(NodeRoles.Api) || roles.Has(NodeRoles.Endpoint);

    public void AddServices(IServiceCollection services, IConfiguration configuration, ActiveRoles roles)
    {
        services.AddModuleDbContext<CatalogDbContext, SqliteCatalogDbContext, MariaDbCatalogDbContext>(configuration, CatalogDbContext.HistoryTable);
        services.AddScoped<ICatalogWriter, CatalogWriter>();
        services.AddSingleton<VideoAnswerCache>(); // the writer forgets what it changes, on every role
        services.AddSingleton<SearchAnswerCache>();
        if (!roles.Has(NodeRoles.Api))
        {
            return;
        }
        services.AddValidatedOptions<CatalogOptions, CatalogOptionsValidator>(CatalogOptions.Section);
        var provider = configuration.GetValidated<DatabaseOptions, DatabaseOptionsValidator>(DatabaseOptions.Section).Provider;
        if (provider == DatabaseProvider.Sqlite)
        {
            services.AddScoped<IVideoSearch, SqliteVideoSearch>();
        }
        else
        {
            services.AddScoped<IVideoSearch, MariaDbVideoSearch>();
            services.AddHostedService<SearchIndexBackfill>();
        }
        services.AddScoped<VideoQueries>();
        services.AddSingleton<PublicVideoLookup>();
        services.AddScoped<ILiveEntries, LiveEntries>();
        services.AddModuleMetrics<CatalogMetrics>();
        services.AddSingleton<VideoLinks>();
        services.AddSingleton<IValidator<VideoSearchRequest>, VideoSearchRequestValidator>();
        services.AddScoped<CccImporter>();
        services.AddSingleton<ICliCommand, ImportCccCommand>();
        services.AddSingleton<ICliCommand, VideosCommand>();
        if (roles.Roles == NodeRoles.All)
        {
            services.AddHostedService<DemoCatalogLoader>();
        }
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, CatalogJsonContext.Default));
    }

    public void MapEndpoints(IEndpointRouteBuilder routes, ActiveRoles roles)
    {
        if (roles.Has(NodeRoles.Api))
        {
            routes.MapVideoApi();
        }
    }
}
