using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MyVid.Platform.Modules;
using MyVid.Platform.Roles;
using MyVid.Signalling.Persistence;

namespace MyVid.Signalling.Admin;

/// <summary><c>MyVid.Host nodes list</c>: the endpoint and media nodes in the Nodes table, and whether each is alive.</summary>
internal sealed class NodesCommand(IServiceScopeFactory scopes, IOptions<SignallingOptions> options, TimeProvider clock) : ICliCommand
{
    public string Name => "nodes";

    public string Usage => "nodes list               endpoint and media nodes, their load and last heartbeat";

    public string Help => $"""
        usage: MyVid.Host {Usage}
        Reads the cluster's Nodes table (the database in this node's configuration): every endpoint node and every media
        node attached to one, with its roles, URL (a media node: the endpoint it is reached through), advertised UDP
        address, streams, viewers and capacity, and its last heartbeat. STATE is "alive", or "stale" when the node has
        not been heard from for Signalling:StaleAfter (it is no longer chosen); rows go after Signalling:ForgetAfter.
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> arguments, TextWriter output, CancellationToken cancellationToken)
    {
        if (arguments is not ["list"])
        {
            await output.WriteLineAsync(Help);
            return 2;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SignallingDbContext>();
        var nodes = await db.Nodes.AsNoTracking().OrderBy(n => n.EndpointId != null).ThenBy(n => n.BaseUrl).ThenBy(n => n.Name).ToListAsync(cancellationToken);
        var staleBefore = clock.GetUtcNow().UtcDateTime - options.Value.StaleAfter;
        await output.WriteLineAsync($"{"ID",-10} {"ROLES",-15} {"STATE",-6} {"LAST SEEN (UTC)",-20} {"STREAMS",7} {"VIEWERS",7} {"CAPACITY",8} {"NAME",-24} {"UDP",-22} URL");
        foreach (var n in nodes)
        {
            var roles = string.Join(',', new ActiveRoles((NodeRoles)n.Roles).Names);
            var state = n.LastSeenUtc < staleBefore ? "stale" : "alive";
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{n.Id,-10} {roles,-15} {state,-6} {n.LastSeenUtc,-20:yyyy-MM-dd HH:mm:ss} {n.Streams,7} {n.Viewers,7} {n.Capacity,8} {n.Name ?? "-",-24} {n.AdvertisedAddress ?? "-",-22} {n.BaseUrl}"));
        }
        return 0;
    }
}
