using Microsoft.Extensions.Diagnostics.HealthChecks;
using MyVid.Platform.Persistence;

namespace MyVid.Platform.Health;

/// <summary>Healthy when every module database of this node answers and is migrated; a node with none (media) has nothing to check.</summary>
internal sealed class DatabaseHealthCheck(IEnumerable<IModuleDatabase> databases) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var list = databases.ToList();
        if (list.Count == 0)
        {
            return HealthCheckResult.Healthy("This node's roles use no database.");
        }
        try
        {
            foreach (var database in list)
            {
                await database.CheckAsync(cancellationToken);
            }
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy(e.Message);
        }
    }
}
