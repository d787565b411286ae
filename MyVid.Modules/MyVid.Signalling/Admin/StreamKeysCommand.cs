using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using MyVid.Platform.Modules;
using MyVid.Signalling.StreamKeys;

namespace MyVid.Signalling.Admin;

/// <summary><c>MyVid.Host stream-keys create|list|revoke</c>: the keys WHIP encoders (OBS) publish with.</summary>
internal sealed class StreamKeysCommand(IServiceScopeFactory scopes) : ICliCommand
{
    public string Name => "stream-keys";

    public string Usage => "stream-keys create|list|revoke   stream keys for WHIP ingest (stored hashed; shown once)";

    public string Help => $"""
        usage: MyVid.Host stream-keys create NAME
               MyVid.Host stream-keys list
               MyVid.Host stream-keys revoke ID...

        create   makes a key named NAME (1 to {StreamKeyStore.MaxNameLength} characters, e.g. the studio it is for) and prints
                 its ID and the key. The key is shown this once: the database keeps only its SHA-256.
        list     every key's ID, name, creation and revocation time (never the key)
        revoke   refuses the keys from now on (they stay listed); exit code 1 when an ID is unknown
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> arguments, TextWriter output, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var keys = scope.ServiceProvider.GetRequiredService<StreamKeyStore>();
        switch (arguments)
        {
            case ["create", var name] when name.Trim().Length is > 0 and <= StreamKeyStore.MaxNameLength:
                var (id, key) = await keys.CreateAsync(name.Trim(), cancellationToken);
                await output.WriteLineAsync($"id: {id}");
                await output.WriteLineAsync($"key: {key}");
                await output.WriteLineAsync("Store the key now: it is not shown again.");
                return 0;
            case ["list"]:
                await output.WriteLineAsync($"{"ID",-12} {"CREATED (UTC)",-16} {"REVOKED (UTC)",-16} NAME");
                foreach (var k in await keys.ListAsync(cancellationToken))
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{k.Id,-12} {k.CreatedAtUtc,-16:yyyy-MM-dd HH:mm} {k.RevokedAtUtc?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-",-16} {k.Name}"));
                }
                return 0;
            case ["revoke", _, ..]:
                var exit = 0;
                foreach (var revoke in arguments.Skip(1))
                {
                    var found = await keys.RevokeAsync(revoke, cancellationToken);
                    await output.WriteLineAsync(found ? $"revoked {revoke}" : $"error: no stream key {revoke}");
                    exit = found ? exit : 1;
                }
                return exit;
            default:
                await output.WriteLineAsync(Help);
                return 2;
        }
    }
}
