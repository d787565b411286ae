using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MyVid.Platform.Roles;
using MyVid.Signalling.Contracts;
using MyVid.Signalling.Persistence;

namespace MyVid.Signalling.Discovery;

/// <summary>
/// Live endpoints from the Nodes table; the choice is round robin, per api node, over the live ones in id order, those
/// heard from within their last two heartbeats first: a crashed endpoint stops being chosen after two missed
/// heartbeats instead of at <see cref="SignallingOptions.StaleAfter"/> (issue 11's endpoint drill).
/// </summary>
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
        // Two intervals: one heartbeat may be late by a busy database's round trip without the node being dropped.
        var fresh = clock.GetUtcNow().UtcDateTime - 2 * options.Value.HeartbeatInterval;
        var freshest = live.Where(n => n.LastSeenUtc >= fresh).ToList();
        var candidates = freshest.Count > 0 ? freshest : live;
        var turn = (uint)Interlocked.Increment(ref _next);
        return candidates[(int)(turn % (uint)candidates.Count)];
    }
}
