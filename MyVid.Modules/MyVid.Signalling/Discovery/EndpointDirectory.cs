using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MyVid.Platform.Roles;
using MyVid.Signalling.Contracts;
using MyVid.Signalling.Persistence;

namespace MyVid.Signalling.Discovery;

/// <summary>Live endpoints from the Nodes table; the choice is round robin, per api node, over the live ones in id order.</summary>
internal sealed class EndpointDirectory(IServiceScopeFactory scopes, IOptions<SignallingOptions> options, TimeProvider clock) : IEndpointDirectory
{
    private int _next = -1;

    public async Task<IReadOnlyList<LiveNode>> LiveEndpointsAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SignallingDbContext>();
        var since = clock.GetUtcNow().UtcDateTime - options.Value.StaleAfter;
        var endpoint = (int)NodeRoles.Endpoint;
        var rows = await db.Nodes.AsNoTracking()
            .Where(n => n.LastSeenUtc >= since && (n.Roles & endpoint) != 0)
            .OrderBy(n => n.Id)
            .ToListAsync(cancellationToken);
        return rows.Select(n => new LiveNode(n.Id, new Uri(n.BaseUrl), n.LastSeenUtc)).ToList();
    }

    public async Task<LiveNode?> ChooseEndpointAsync(CancellationToken cancellationToken)
    {
        var live = await LiveEndpointsAsync(cancellationToken);
        if (live.Count == 0)
        {
            return null;
        }
        var turn = (uint)Interlocked.Increment(ref _next);
        return live[(int)(turn % (uint)live.Count)];
    }
}
