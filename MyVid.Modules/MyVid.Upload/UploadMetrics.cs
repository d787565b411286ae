using System.Diagnostics.Metrics;
using MyVid.Platform.Metrics;

namespace MyVid.Upload;

/// <summary>The upload flow's counters (<c>/metrics</c>): begun on the endpoint role, published or refused on the api role.</summary>
internal sealed class UploadMetrics
{
    private readonly Counter<long> _started;
    private readonly Counter<long> _published;
    private readonly Counter<long> _rejected;

    public UploadMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MetricsServices.MeterPrefix + "Upload");
        _started = meter.CreateCounter<long>("myvid.upload.started", "{upload}", "Uploads begun (POST /NEWVIDEOUPLOAD)");
        _published = meter.CreateCounter<long>("myvid.upload.published", "{upload}", "Uploads published (POST /API/PUBLISH/ made the video public)");
        _rejected = meter.CreateCounter<long>("myvid.upload.rejected", "{upload}", "Publish calls refused because the uploaded files were wrong");
    }

    public void Started() => _started.Add(1);

    public void Published() => _published.Add(1);

    public void Rejected() => _rejected.Add(1);
}
