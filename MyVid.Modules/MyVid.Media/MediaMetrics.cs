using System.Diagnostics.Metrics;
using MyVid.Media.Control;
using MyVid.Media.Recording;
using MyVid.Media.Sfu;
using MyVid.Media.Transport;
using MyVid.Platform.Metrics;

namespace MyVid.Media;

/// <summary>
/// The media node's <c>/metrics</c>: observable instruments over the counters the loop and the SFU keep anyway, read
/// when Prometheus scrapes, so the packet path does nothing more than increment a field. CPU per forwarded packet is
/// <c>rate(dotnet_process_cpu_time_seconds_total)</c> over <c>rate(myvid_media_packets_forwarded_total)</c> (docs/deploy.md).
/// </summary>
internal sealed class MediaMetrics
{
    private static readonly KeyValuePair<string, object?> In = new("direction", "in");
    private static readonly KeyValuePair<string, object?> Out = new("direction", "out");
    private static readonly KeyValuePair<string, object?> FromCache = new("keyframe", "cache");
    private static readonly KeyValuePair<string, object?> FromPublisher = new("keyframe", "publisher");

    public MediaMetrics(IMeterFactory meters, MediaLoop loop, LiveRouter router, StreamDirectory streams, LinkState link,
        LiveRecordings recordings)
    {
        var meter = meters.Create(MetricsServices.MeterPrefix + "Media");
        var sfu = router.Counters;
        meter.CreateObservableGauge("myvid.media.streams", () => streams.Count, "{stream}", "Live streams on this node");
        meter.CreateObservableGauge("myvid.media.viewers", () => streams.TotalViewers, "{viewer}", "Viewers of this node's streams");
        meter.CreateObservableGauge("myvid.media.peers", () => loop.PeerCount, "{peer}", "WebRTC peers (publishers and viewers) on the UDP socket");
        meter.CreateObservableGauge("myvid.media.recordings", () => recordings.ActiveCount, "{recording}", "Live streams being recorded now");
        meter.CreateObservableGauge("myvid.media.registered", () => link.Current is null ? 0 : 1, "{endpoint}", "1 while registered with an endpoint");
        meter.CreateObservableCounter("myvid.media.datagrams", () => new[]
        {
            new Measurement<long>(loop.DatagramsReceived, In), new Measurement<long>(loop.DatagramsSent, Out),
        }, "{datagram}", "UDP datagrams received and sent (STUN, DTLS, SRTP, SRTCP)");
        meter.CreateObservableCounter("myvid.media.bytes", () => new[]
        {
            new Measurement<long>(loop.BytesReceived, In), new Measurement<long>(loop.BytesSent, Out),
        }, "By", "UDP payload bytes received and sent");
        meter.CreateObservableCounter("myvid.media.send_failures", () => loop.SendFailures, "{datagram}",
            "Datagrams the socket refused (send buffer full): the node is overloaded");
        meter.CreateObservableCounter("myvid.media.packets.forwarded", () => router.PacketsForwarded, "{packet}", "RTP packets forwarded to viewers");
        meter.CreateObservableCounter("myvid.media.packets.retransmitted", () => router.PacketsRetransmitted, "{packet}",
            "RTP packets sent again from the cache for viewers' NACKs");
        meter.CreateObservableCounter("myvid.media.nacks", () => sfu.NacksReceived, "{nack}", "Generic NACKs received from viewers");
        meter.CreateObservableCounter("myvid.media.keyframe_requests", () => new[]
        {
            new Measurement<long>(sfu.KeyframeRequestsReceived, In), new Measurement<long>(sfu.KeyframeRequestsSent, Out),
        }, "{request}", "PLI/FIR received from viewers (in) and PLIs sent to publishers (out)");
        meter.CreateObservableCounter("myvid.media.viewer_starts", () => new[]
        {
            new Measurement<long>(sfu.JoinsFromCache, FromCache), new Measurement<long>(sfu.JoinsAskingPublisher, FromPublisher),
        }, "{viewer}", "Viewers whose video started from the latest keyframe in the node's cache, or waited for the publisher's");
        meter.CreateObservableCounter("myvid.media.keyframes_resent", () => sfu.KeyframesResent, "{request}",
            "Keyframe requests of starting viewers answered by sending the cached keyframe again instead of asking the publisher");
        meter.CreateObservableCounter("myvid.media.packets.replayed", () => sfu.PacketsReplayed, "{packet}",
            "RTP packets sent to joining viewers from the cache: their latest keyframe and what followed");
        meter.CreateObservableCounter("myvid.media.loss.reports", () => sfu.LossReports, "{report}", "Viewers' receiver-report blocks for video");
        meter.CreateObservableCounter("myvid.media.loss.fraction", () => sfu.LossFractionSum, null,
            "Sum of the fraction lost in those reports; divided by myvid_media_loss_reports_total: the mean loss viewers see");
    }
}
