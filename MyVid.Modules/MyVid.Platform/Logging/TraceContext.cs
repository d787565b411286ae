using System.Diagnostics;

namespace MyVid.Platform.Logging;

/// <summary>
/// W3C trace context (<c>traceparent</c>, <c>00-{trace id}-{span id}-{flags}</c>) where it does not travel in an HTTP
/// header by itself: on the media nodes' control messages, in a WebSocket URL's query, in answers to browsers. The
/// trace id is the correlation id the logs carry in their scope (<c>TraceId</c>, docs/logging.md).
/// </summary>
public static class TraceContext
{
    /// <summary>The request header (and query parameter, for WebSockets) a caller names its trace with.</summary>
    public const string Header = "traceparent";

    /// <summary>The response header (W3C Trace Context level 2) that tells a browser which trace its request joined.</summary>
    public const string ResponseHeader = "traceresponse";

    /// <summary>The current activity as a <c>traceparent</c> value, or null when there is none.</summary>
    public static string? Current => Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.Id : null;

    /// <summary>
    /// Starts an activity that continues the trace <paramref name="traceparent"/> names (when it is a valid W3C value),
    /// else a child of the current activity (or a new trace); <see cref="Activity.Current"/> until it is disposed.
    /// Works without listeners: it exists for the logs' scope and for the headers of the calls made within it.
    /// </summary>
    public static Activity Start(string name, string? traceparent)
    {
        var activity = new Activity(name);
        if (traceparent is { Length: > 0 and <= 128 } && ActivityContext.TryParse(traceparent, null, isRemote: true, out var parent))
        {
            activity.SetParentId(parent.TraceId, parent.SpanId, parent.TraceFlags);
        }

        activity.SetIdFormat(ActivityIdFormat.W3C);
        return activity.Start();
    }
}
