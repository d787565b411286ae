using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MyVid.Signalling.Persistence;

namespace MyVid.Signalling.Nodes;

/// <summary>A live media node: its id on its endpoint, that endpoint's base URL, its load.</summary>
internal sealed record LiveMediaNode(string Id, Uri EndpointUrl, int Streams, int Viewers, int Capacity)
{
    /// <summary>Share of capacity in use; a stream counts as one viewer (its publisher).</summary>
    public double Load => (Streams + Viewers) / (double)Math.Max(1, Capacity);
}

/// <summary>The api role's view of media nodes: their rows in Nodes, renewed by their endpoints at each heartbeat.</summary>
internal sealed class MediaNodeDirectory(IServiceScopeFactory scopes, IOptions<SignallingOptions> options, TimeProvider clock)
{
    public async Task<IReadOnlyList<LiveMediaNode>> LiveAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SignallingDbContext>();
        var since = clock.GetUtcNow().UtcDateTime - options.Value.StaleAfter;
        var rows = await db.Nodes.AsNoTracking()
            .Where(n => n.EndpointId != null && n.LastSeenUtc >= since)
            .ToListAsync(cancellationToken);
        return rows.Select(n => new LiveMediaNode(n.Id, new Uri(n.BaseUrl), n.Streams, n.Viewers, n.Capacity)).ToList();
    }

    /// <summary>The least-loaded live media node (ties broken at random), or null when none is alive.</summary>
    public async Task<LiveMediaNode?> ChooseAsync(CancellationToken cancellationToken)
    {
        var live = await LiveAsync(cancellationToken);
        if (live.Count == 0)
        {
            return null;
        }
        var least = live.Min(n => n.Load);
        var candidates = live.Where(n => n.Load <= least).ToArray();
        return candidates[Random.Shared.Next(candidates.Length)];
    }
}
