using MyVid.Platform.Modules;
using MyVid.Platform.Roles;

namespace MyVid.Platform.Options;

/// <summary><c>MyVid.Host config check [--role ROLES]</c>: validates every option the roles use, as a start would.</summary>
internal sealed class ConfigCheckCommand(ActiveRoles roles) : ICliCommand
{
    public string Name => "config";

    public string Usage => "config check             validate every option of the given roles; prints OK or each bad key";

    public string Help => $"""
        usage: MyVid.Host {Usage}
        Reads the configuration as a node would (appsettings/, ASPNETCORE_ENVIRONMENT, environment variables,
        --Section:Key=value) and validates the options of the modules that --role activates (default: all).
        Exit code 0 and "OK" when valid; 2 and one line per bad key (e.g. "Media:Port: must be ...") otherwise.
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> arguments, TextWriter output, CancellationToken cancellationToken)
    {
        if (arguments is not ["check"])
        {
            await output.WriteLineAsync(Help);
            return 2;
        }
        // The host ran OptionsValidation.ValidateAll while building: a bad key stopped it there, with exit code 2.
        await output.WriteLineAsync($"OK: the configuration is valid for the roles {string.Join(", ", roles.Names)}");
        return 0;
    }
}
