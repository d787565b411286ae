using MyVid.Testing;

namespace MyVid.Host.Tests;

/// <summary>W3C trace context at the edge (docs/logging.md): answers name their trace; a WebSocket's query can continue one.</summary>
public sealed class TraceContextTests
{
    private const string Caller = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private const string CallerTraceId = "0af7651916cd43dd8448eb211c80319c";

    [Test]
    public async Task A_traceparent_header_or_query_continues_the_caller_s_trace_and_the_answer_names_it()
    {
        await using var node = await TestNode.StartAsync(Backend.Embedded, roles: "api");

        using var header = new HttpRequestMessage(HttpMethod.Get, "healthz");
        header.Headers.Add("traceparent", Caller);
        Assert.That(TraceIdOf(await node.Http.SendAsync(header)), Is.EqualTo(CallerTraceId), "header");

        Assert.That(TraceIdOf(await node.Http.GetAsync("healthz?traceparent=" + Uri.EscapeDataString(Caller))), Is.EqualTo(CallerTraceId), "query");

        var fresh = TraceIdOf(await node.Http.GetAsync("healthz?traceparent=not-a-trace"));
        Assert.That(fresh, Does.Match("^[0-9a-f]{32}$").And.Not.EqualTo(CallerTraceId), "a bad value starts a trace of its own");
        Assert.That(TraceIdOf(await node.Http.GetAsync("healthz")), Does.Match("^[0-9a-f]{32}$").And.Not.EqualTo(fresh), "one trace a request");
    }

    private static string TraceIdOf(HttpResponseMessage response)
    {
        using (response)
        {
            var value = response.Headers.GetValues("traceresponse").Single();
            var parts = value.Split('-');
            Assert.That(parts, Has.Length.EqualTo(4), value);
            return parts[1];
        }
    }
}
