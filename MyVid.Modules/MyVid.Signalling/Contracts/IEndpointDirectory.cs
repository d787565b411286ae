namespace MyVid.Signalling.Contracts;

/// <summary>The endpoint nodes alive now (their heartbeat is recent), and a choice among them.</summary>
public interface IEndpointDirectory
{
    Task<IReadOnlyList<LiveNode>> LiveEndpointsAsync(CancellationToken cancellationToken);

    /// <summary>The next live endpoint in round-robin order, or null when none is alive.</summary>
    Task<LiveNode?> ChooseEndpointAsync(CancellationToken cancellationToken);
}
