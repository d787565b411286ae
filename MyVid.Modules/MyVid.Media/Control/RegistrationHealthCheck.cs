using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MyVid.Media.Control;

/// <summary>A media node is ready while it is registered with an endpoint: only then can NEWSTREAM send it clients.</summary>
internal sealed class RegistrationHealthCheck(LinkState link) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(link.Current is { } attached
            ? HealthCheckResult.Healthy($"registered with {attached.Endpoint} as {attached.NodeId}")
            : HealthCheckResult.Unhealthy("not registered with any endpoint"));
}
