using Microsoft.EntityFrameworkCore.Storage;

namespace MyVid.Platform.Persistence;

/// <summary>
/// EF Core's retrying strategy with Galera's failover errors as the transient ones (<see cref="GaleraTransientErrors"/>).
/// The first retry is immediate, which is what a failover wants: MySqlConnector's <c>LoadBalance=FailOver</c> opens
/// the new connection on the next node that answers.
/// </summary>
internal sealed class GaleraExecutionStrategy(ExecutionStrategyDependencies dependencies, int maxRetries, TimeSpan maxDelay)
    : ExecutionStrategy(dependencies, maxRetries, maxDelay)
{
    protected override bool ShouldRetryOn(Exception exception) => GaleraTransientErrors.IsTransient(exception);
}
