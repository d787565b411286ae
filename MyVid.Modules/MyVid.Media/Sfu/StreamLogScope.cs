using Microsoft.Extensions.Logging;

namespace MyVid.Media.Sfu;

/// <summary>
/// The scope of what is logged about a stream where its session's activity is not current (the loop thread, the
/// entry mover): the same keys a session's lines carry (<c>TraceId</c>, <c>StreamId</c>, <c>VideoId</c>), so one grep
/// of the trace id finds them too. Events only, never per packet.
/// </summary>
internal static class StreamLogScope
{
    public static IDisposable? Begin(ILogger logger, StreamInfo stream)
    {
        var scope = new Dictionary<string, object?>(3, StringComparer.Ordinal) { ["StreamId"] = stream.StreamId };
        if (stream.Trace is { } trace)
        {
            scope["TraceId"] = trace.TraceId.ToHexString();
        }

        if (stream.VideoId is { } videoId)
        {
            scope["VideoId"] = videoId;
        }

        return logger.BeginScope(scope);
    }
}
