namespace MyVid.Platform.Persistence;

/// <summary>
/// Server errors a Galera failover produces that MySqlConnector does not call transient, so retries must name them:
/// 1047 (WSREP has not yet prepared node for application use), 1180 (got error during COMMIT),
/// 1213 (deadlock: Galera reports certification failures as deadlocks).
/// </summary>
public static class GaleraTransientErrors
{
    public static readonly int[] Numbers = [1047, 1180, 1213];
}
