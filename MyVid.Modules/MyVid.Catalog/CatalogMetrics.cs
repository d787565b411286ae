using System.Data.Common;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using MyVid.Catalog.Persistence;
using MyVid.Platform.Metrics;

namespace MyVid.Catalog;

/// <summary>
/// The catalogue on <c>/metrics</c> (api role): public videos by kind, counted when Prometheus scrapes; the size of
/// GET by id's batched reads.
/// </summary>
internal sealed class CatalogMetrics
{
    private static readonly KeyValuePair<string, object?>[][] KindTags =
        [.. Enum.GetValues<VideoKind>().Select(k => new[] { new KeyValuePair<string, object?>("kind", k.ToString()) })];

    private readonly IServiceScopeFactory _scopes;
    private readonly Histogram<int> _getBatchIds;

    public CatalogMetrics(IMeterFactory meters, IServiceScopeFactory scopes)
    {
        _scopes = scopes;
        var meter = meters.Create(MetricsServices.MeterPrefix + "Catalog");
        meter.CreateObservableGauge("myvid.catalog.videos", CountVideos, "{video}", "Public videos in the catalogue, by kind (Http, MyVid, WebRtc)");
        _getBatchIds = meter.CreateHistogram("myvid.catalog.get_batch.ids", "{id}",
            "Ids read by one database statement of GET /API/VIDEO/{ID} (Search/PublicVideoLookup: concurrent lookups share one)",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });
    }

    public void RecordGetBatch(int ids) => _getBatchIds.Record(ids);

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
