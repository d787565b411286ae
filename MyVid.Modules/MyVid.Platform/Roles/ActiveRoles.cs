namespace MyVid.Platform.Roles;

/// <summary>The roles this process runs with; registered once by the host so modules and health checks can read them.</summary>
public sealed record ActiveRoles(NodeRoles Roles)
{
    public bool Has(NodeRoles role) => (Roles & role) == role;

    public IReadOnlyList<string> Names =>
        Enum.GetValues<NodeRoles>()
            .Where(r => r is NodeRoles.Api or NodeRoles.Endpoint or NodeRoles.Media && Has(r))
            .Select(r => r.ToString().ToLowerInvariant())
            .ToArray();
}
