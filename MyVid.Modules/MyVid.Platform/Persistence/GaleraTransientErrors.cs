using System.Net.Sockets;
using MySqlConnector;

namespace MyVid.Platform.Persistence;

/// <summary>
/// The errors a Galera failover produces, which a retry on another node (or the same one a moment later) fixes.
/// MySqlConnector calls only some of them transient, so Pomelo's own retrying strategy would give up on the rest.
/// </summary>
public static class GaleraTransientErrors
{
    /// <summary>
    /// 1047: WSREP has not yet prepared the node for application use (joining, or not in the Primary component);
    /// 1180: got error during COMMIT; 1213: deadlock, which is how Galera reports a failed certification;
    /// 1205: lock wait timeout while the cluster waited for a dead member to be evicted.
    /// </summary>
    public static readonly int[] Numbers = [1047, 1180, 1205, 1213];

    public static bool IsTransient(Exception exception) => exception switch
    {
        MySqlException e when e.IsTransient || Numbers.Contains(e.Number) => true,
        // "Failed to read the result set." and friends: the server went away mid-command (ErrorCode None,
        // the cause inside). Whether a write committed is unknown, which is why MyVid's writes are idempotent.
        MySqlException e => e.InnerException is { } inner && IsConnectionLost(inner),
        _ => IsConnectionLost(exception),
    };

    private static bool IsConnectionLost(Exception exception) => exception switch
    {
        IOException or SocketException or TimeoutException => true,
        MySqlException e => IsTransient(e),
        _ => exception.InnerException is { } inner && IsConnectionLost(inner),
    };
}
