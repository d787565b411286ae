namespace MyVid.Host;

internal static class HelpText
{
    public static string Render() => $"""
        MyVid.Host: one binary for every MyVid server.

        usage: MyVid.Host [--role ROLES] [ASP.NET options]      run a node
               MyVid.Host migrate                              apply database migrations (MariaDB)
               MyVid.Host import-ccc FILE...                   import media.ccc.de JSON files
               MyVid.Host COMMAND --help                       help on one command

        --role ROLES   {Platform.Roles.RoleParser.ValidNames}; comma separated or repeated (default: all)
        --urls URLS    where to listen, e.g. http://0.0.0.0:8080
        Any setting can be given as --Section:Key=value or as the environment variable Section__Key.
        """;
}
