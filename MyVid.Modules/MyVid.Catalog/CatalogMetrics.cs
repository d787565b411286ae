using System.Data.Common;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using MyVid.Catalog.Persistence;
using MyVid.Platform.Metrics;

namespace MyVid.Catalog;

/// <summary>The catalogue's size on <c>/metrics</c> (api role): public videos by kind, counted when Prometheus scrapes.</summary>
internal sealed class CatalogMetrics
{
    private static readonly KeyValuePair<string, object?>[][] KindTags =
        [.. Enum.GetValues<VideoKind>().Select(k => new[] { new KeyValuePair<string, object?>("kind", k.ToString()) })];

    private readonly IServiceScopeFactory _scopes;

    public CatalogMetrics(IMeterFactory meters, IServiceScopeFactory scopes)
    {
        _scopes = scopes;
        var meter = meters.Create(MetricsServices.MeterPrefix + "Catalog");
        meter.CreateObservableGauge("myvid.catalog.videos", CountVideos, "{video}", "Public videos in the catalogue, by kind (Http, MyVid, WebRtc)");
    }

    private IEnumerable<Measurement<long>> CountVideos()
    {
        using var scope = _scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        try
        {
            var counts = db.Videos.Where(v => v.Visibility == VideoVisibility.Public)
                .GroupBy(v => v.Kind).Select(g => new { g.Key, Count = g.LongCount() }).ToDictionary(g => g.Key, g => g.Count);
            return Enum.GetValues<VideoKind>().Select(k => new Measurement<long>(counts.GetValueOrDefault(k), KindTags[(int)k])).ToList();
        }
        catch (DbException)
        {
            return []; // the database is away: /healthz says so; the gauge has a gap rather than a false zero
        }
    }
}
