using MyVid.Platform.Modules;

namespace MyVid.Host;

internal static class HelpText
{
    public static string Render(IEnumerable<ICliCommand> commands) => $"""
        MyVid.Host: one binary for every MyVid server, and its admin commands.

        usage: MyVid.Host [--role ROLES] [ASP.NET options]      run a node
               MyVid.Host COMMAND [ARGUMENTS] [--role ROLES]    run an admin command against this node's configuration
               MyVid.Host COMMAND --help                       help on one command

        commands:
        {string.Join(Environment.NewLine, commands.OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => "  " + c.Usage))}

        --role ROLES   {Platform.Roles.RoleParser.ValidNames}; comma separated or repeated (default: all)
        --urls URLS    where to listen, e.g. https://0.0.0.0:8443 (certificate: Kestrel:Certificates:Default:Path)
        Any setting can be given as --Section:Key=value or as the environment variable Section__Key.
        Operating it (deployment, TLS, metrics, health, commands): docs/deploy.md
        """;
}
