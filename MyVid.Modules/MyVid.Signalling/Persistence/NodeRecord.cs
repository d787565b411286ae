namespace MyVid.Signalling.Persistence;

/// <summary>
/// One running node, kept alive by heartbeats. Endpoint nodes write their own row; a media node's row is written
/// by the endpoint it holds a control socket to (<see cref="EndpointId"/> is then set) and renewed at each of its
/// heartbeats.
/// </summary>
internal sealed class NodeRecord
{
    /// <summary>New at every start (or registration), so a restarted node is a new row and an old one simply goes stale.</summary>
    public required string Id { get; set; }

    /// <summary>The node's roles (<see cref="MyVid.Platform.Roles.NodeRoles"/> flags).</summary>
    public int Roles { get; set; }

    /// <summary>An endpoint's base URL; for a media node, the base URL of the endpoint it is reached through.</summary>
    public required string BaseUrl { get; set; }

    public DateTime StartedAtUtc { get; set; }

    public DateTime LastSeenUtc { get; set; }

    /// <summary>Media nodes only: the id of the endpoint's own row.</summary>
    public string? EndpointId { get; set; }

    /// <summary>Media nodes only: the configured node name (the one its requests are signed with).</summary>
    public string? Name { get; set; }

    /// <summary>Media nodes only: the UDP address it advertises to clients.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Media nodes only: how many viewers it says it can carry, and its load at the last heartbeat.</summary>
    public int Capacity { get; set; }

    public int Streams { get; set; }

    public int Viewers { get; set; }
}
