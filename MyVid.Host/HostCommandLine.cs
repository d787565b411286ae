using MyVid.Platform.Roles;

namespace MyVid.Host;

/// <summary>
/// The host's own arguments: an optional verb first (<c>migrate</c>, <c>import-ccc</c>, ...), <c>--role</c> values,
/// <c>--help</c>. Everything else (<c>--urls</c>, <c>--Database:Provider=MariaDb</c>) is left to ASP.NET configuration.
/// </summary>
public sealed record HostCommandLine(string? Verb, IReadOnlyList<string> VerbArguments, ActiveRoles Roles, bool Help, string[] ConfigurationArguments)
{
    public static bool TryParse(string[] args, out HostCommandLine commandLine, out string error)
    {
        commandLine = new HostCommandLine(null, [], new ActiveRoles(NodeRoles.All), false, []);
        error = "";
        var verb = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : null;
        var rest = verb is null ? args : args[1..];
        var roleValues = new List<string>();
        var configuration = new List<string>();
        var verbArguments = new List<string>();
        var help = false;
        for (var i = 0; i < rest.Length; i++)
        {
            var arg = rest[i];
            if (arg is "--role" or "--roles")
            {
                if (i + 1 >= rest.Length)
                {
                    error = $"--role needs a value: {RoleParser.ValidNames}";
                    return false;
                }
                roleValues.Add(rest[++i]);
            }
            else if (arg.StartsWith("--role=", StringComparison.Ordinal) || arg.StartsWith("--roles=", StringComparison.Ordinal))
            {
                roleValues.Add(arg[(arg.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            }
            else if (arg is "--help" or "-h")
            {
                help = true;
            }
            else if (verb is not null && IsCommandOption(arg))
            {
                verbArguments.Add(arg);
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                // ASP.NET's own switches take a value after them unless written --key=value.
                configuration.Add(arg);
                if (!arg.Contains('=', StringComparison.Ordinal) && i + 1 < rest.Length && !rest[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    configuration.Add(rest[++i]);
                }
            }
            else
            {
                verbArguments.Add(arg);
            }
        }
        var roles = NodeRoles.All;
        if (roleValues.Count > 0 && !RoleParser.TryParse(roleValues, out roles, out var unknown))
        {
            error = $"unknown role '{unknown}'; valid roles: {RoleParser.ValidNames}";
            return false;
        }
        if (roles == NodeRoles.None)
        {
            error = $"--role names no role; valid roles: {RoleParser.ValidNames}";
            return false;
        }
        commandLine = new HostCommandLine(verb, verbArguments, new ActiveRoles(roles), help, [.. configuration]);
        return true;
    }

    /// <summary>A command's own switch (<c>videos list --all</c>): not a setting (<c>--Section:Key=value</c>) nor one of ASP.NET's host switches.</summary>
    private static bool IsCommandOption(string arg) =>
        arg.StartsWith("--", StringComparison.Ordinal) && !arg.Contains(':', StringComparison.Ordinal) && !arg.Contains('=', StringComparison.Ordinal)
        && !HostSwitches.Contains(arg);

    private static readonly HashSet<string> HostSwitches = new(StringComparer.OrdinalIgnoreCase)
    {
        "--urls", "--environment", "--contentRoot", "--applicationName", "--webroot", "--http_ports", "--https_ports",
    };
}
