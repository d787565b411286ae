namespace MyVid.Signalling.Persistence;

/// <summary>One running node, kept alive by its own heartbeat. Media nodes will be added here later.</summary>
internal sealed class NodeRecord
{
    /// <summary>New at every start, so a restarted node is a new row and an old one simply goes stale.</summary>
    public required string Id { get; set; }

    /// <summary>The node's roles (<see cref="MyVid.Platform.Roles.NodeRoles"/> flags).</summary>
    public int Roles { get; set; }

    public required string BaseUrl { get; set; }

    public DateTime StartedAtUtc { get; set; }

    public DateTime LastSeenUtc { get; set; }
}
