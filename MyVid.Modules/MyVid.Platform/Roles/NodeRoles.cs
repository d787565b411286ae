namespace MyVid.Platform.Roles;

/// <summary>The roles one MyVid process can take; the same binary runs every server.</summary>
[Flags]
public enum NodeRoles
{
    None = 0,
    Api = 1,
    Endpoint = 2,
    Media = 4,
    All = Api | Endpoint | Media,
}
