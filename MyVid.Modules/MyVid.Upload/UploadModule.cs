using FluentValidation;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MyVid.Platform.Metrics;
using MyVid.Platform.Modules;
using MyVid.Platform.Options;
using MyVid.Platform.Persistence;
using MyVid.Platform.Roles;
using MyVid.Upload.Api;
using MyVid.Upload.Cleanup;
using MyVid.Upload.Persistence;
using MyVid.Upload.Processing;
using MyVid.Upload.Publishing;
using MyVid.Upload.Starting;

namespace MyVid.Upload;

/// <summary>
/// Appendix B. Endpoint role: <c>POST /NEWVIDEOUPLOAD</c>, the parts call, the cleanup of expired uploads.
/// Api role: <c>/API/NEWUPLOAD/</c>, <c>POST /API/PUBLISH/</c> and the probe job after publishing.
/// </summary>
public sealed class UploadModule : IMyVidModule
{
    public bool IsActive(ActiveRoles roles) => roles.Has(NodeRoles.Api) || roles.Has(NodeRoles.Endpoint);

    public void AddServices(IServiceCollection services, IConfiguration configuration, ActiveRoles roles)
    {
        services.AddValidatedOptions<UploadOptions, UploadOptionsValidator>(UploadOptions.Section);
        services.AddModuleDbContext<UploadDbContext, SqliteUploadDbContext, MariaDbUploadDbContext>(configuration, UploadDbContext.HistoryTable);
        services.AddScoped<UploadLookup>();
        services.AddModuleMetrics<UploadMetrics>();
        services.AddSingleton<PartUrls>();
        services.AddSingleton<IValidator<UploadTokenRequest>, UploadTokenRequestValidator>();
        if (roles.Has(NodeRoles.Endpoint))
        {
            services.AddSingleton<IValidator<NewVideoUploadRequest>, NewVideoUploadValidator>();
            services.AddCors(o => o.AddPolicy(UploadEndpoints.CorsPolicy, p => p.AllowAnyOrigin().AllowAnyHeader().WithMethods("POST")));
            services.AddScoped<UploadStarter>();
            services.AddScoped<PartsResumer>();
            services.AddScoped<UploadCleanup>();
            services.AddHostedService<UploadCleanupService>();
        }
        if (roles.Has(NodeRoles.Api))
        {
            services.AddScoped<Publisher>();
            services.AddScoped<MultipartCompleter>();
            services.AddScoped<UploadVerifier>();
            services.AddSingleton<ProbeQueue>();
            services.AddSingleton<ProbeWorker>();
            services.AddHostedService(sp => sp.GetRequiredService<ProbeWorker>());
        }
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, UploadJsonContext.Default));
    }

    public void MapEndpoints(IEndpointRouteBuilder routes, ActiveRoles roles)
    {
        if (roles.Has(NodeRoles.Endpoint))
        {
            routes.MapUploadEndpoints();
        }
        if (roles.Has(NodeRoles.Api))
        {
            routes.MapNewUploadEndpoints();
            routes.MapPublishEndpoints();
        }
    }
}
