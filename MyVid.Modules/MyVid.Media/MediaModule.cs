using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MyVid.Media.Benchmarks;
using MyVid.Media.Catalog;
using MyVid.Media.Control;
using MyVid.Media.Recording;
using MyVid.Media.Sessions;
using MyVid.Media.Sfu;
using MyVid.Media.Transport;
using MyVid.Platform.Metrics;
using MyVid.Platform.Modules;
using MyVid.Platform.Options;
using MyVid.Platform.Roles;
using MyVid.WebRtc.Dtls;
using MyVid.WebRtc.Peer;

namespace MyVid.Media;

/// <summary>The WebRTC media server: live streams forwarded packet by packet, recorded as they pass (media role).</summary>
public sealed class MediaModule : IMyVidModule
{
    public bool IsActive(ActiveRoles roles) => roles.Has(NodeRoles.Media);

    public void AddServices(IServiceCollection services, IConfiguration configuration, ActiveRoles roles)
    {
        services.AddValidatedOptions<MediaOptions, MediaOptionsValidator>(MediaOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        // One DTLS identity per node: its fingerprint is in every SDP the node writes.
        services.AddSingleton(sp => new PeerSettings(DtlsCertificate.Create(sp.GetRequiredService<TimeProvider>().GetUtcNow())));
        services.AddSingleton<MediaLoop>();
        services.AddSingleton<StreamDirectory>();
        services.AddSingleton<IMediaLoad>(sp => sp.GetRequiredService<StreamDirectory>()); // what heartbeats report
        services.AddSingleton<LiveRouter>();
        services.AddModuleMetrics<MediaMetrics>();
        services.AddHostedService<MediaLoopService>();
        services.AddHostedService<ViewerCountReporter>();
        services.AddHostedService<LiveEntryMover>();
        // Live streams recorded into the object store (Recording/README.md); registered after the loop, so stopped before it.
        services.AddValidatedOptions<RecordingOptions, RecordingOptionsValidator>(RecordingOptions.Section);
        services.AddSingleton<RecordingPreview>();
        services.AddSingleton<RecordingHandOff>();
        services.AddSingleton<LiveRecordings>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveRecordings>());
        services.AddHostedService<RecordingRecoveryService>();
        services.AddSingleton<IClientSessionHandler, ClientSessionHandler>();
        // The control link to endpoints, and the catalogue through their media API (Control/, docs/protocol/media-nodes.md).
        services.AddMediaControl(configuration, roles);
        // Without an endpoint configured, LIVE answers an error.
        services.TryAddSingleton<IMediaCatalog, UnconfiguredMediaCatalog>();
        if (configuration.GetValue<bool>($"{MediaOptions.Section}:{nameof(MediaOptions.DirectSessionsForBenchmarks)}"))
        {
            services.AddSingleton<IMediaCatalog, BenchmarkMediaCatalog>(); // benchmarks only: LIVE answers the StreamID
        }
    }

    public void MapEndpoints(IEndpointRouteBuilder routes, ActiveRoles roles)
    {
        if (routes.ServiceProvider.GetRequiredService<IOptions<MediaOptions>>().Value.DirectSessionsForBenchmarks)
        {
            DirectSessions.Map(routes); // benchmarks only, off by default
        }
    }
}
