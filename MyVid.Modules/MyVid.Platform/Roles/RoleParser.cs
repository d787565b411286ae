namespace MyVid.Platform.Roles;

/// <summary>Reads <c>--role</c> values: <c>api</c>, <c>endpoint</c>, <c>media</c> or <c>all</c>, comma separated or repeated.</summary>
public static class RoleParser
{
    public const string ValidNames = "api, endpoint, media, all";

    public static bool TryParse(IEnumerable<string> values, out NodeRoles roles, out string? unknown)
    {
        roles = NodeRoles.None;
        unknown = null;
        foreach (var value in values)
        {
            foreach (var raw in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                NodeRoles? role = raw.ToUpperInvariant() switch
                {
                    "API" => NodeRoles.Api,
                    "ENDPOINT" => NodeRoles.Endpoint,
                    "MEDIA" => NodeRoles.Media,
                    "ALL" => NodeRoles.All,
                    _ => null,
                };
                if (role is null)
                {
                    unknown = raw;
                    return false;
                }
                roles |= role.Value;
            }
        }
        return true;
    }

    public static string Describe(NodeRoles roles) =>
        roles == NodeRoles.None ? "none" : roles.ToString().ToLowerInvariant();
}
