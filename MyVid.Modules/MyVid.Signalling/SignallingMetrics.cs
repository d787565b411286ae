using System.Diagnostics.Metrics;
using MyVid.Platform.Metrics;
using MyVid.Signalling.Bridge;
using MyVid.Signalling.Nodes;

namespace MyVid.Signalling;

/// <summary>The endpoint role's <c>/metrics</c>: bridged client sockets, clients waiting for a media node, attached media nodes.</summary>
internal sealed class SignallingMetrics
{
    private readonly Counter<long> _bridges;
    private readonly UpDownCounter<long> _bridgesOpen;
    private readonly Counter<long> _unanswered;

    public SignallingMetrics(IMeterFactory meters, ParkingLot lot, MediaNodeRegistry registry)
    {
        var meter = meters.Create(MetricsServices.MeterPrefix + "Signalling");
        _bridges = meter.CreateCounter<long>("myvid.endpoint.bridges", "{bridge}", "Client sockets bridged to a media node since start");
        _bridgesOpen = meter.CreateUpDownCounter<long>("myvid.endpoint.bridges.open", "{bridge}", "Client sockets bridged to a media node now");
        _unanswered = meter.CreateCounter<long>("myvid.endpoint.bridges.unanswered", "{socket}", "Client sockets closed because no media node took them");
        meter.CreateObservableGauge("myvid.endpoint.parked", () => lot.Count, "{socket}", "Client sockets waiting for a media node now");
        meter.CreateObservableGauge("myvid.endpoint.media_nodes", () => registry.Count, "{node}", "Media nodes attached to this endpoint");
    }

    public void BridgeOpened()
    {
        _bridges.Add(1);
        _bridgesOpen.Add(1);
    }

    public void BridgeClosed() => _bridgesOpen.Add(-1);

    public void Unanswered() => _unanswered.Add(1);
}
