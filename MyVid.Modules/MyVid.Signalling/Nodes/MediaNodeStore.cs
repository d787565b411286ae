using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MyVid.Platform.Persistence;
using MyVid.Platform.Roles;
using MyVid.Signalling.Persistence;

namespace MyVid.Signalling.Nodes;

/// <summary>Media nodes' rows in the Nodes table, written by the endpoint that holds their control socket.</summary>
internal sealed class MediaNodeStore(IServiceScopeFactory scopes, TimeProvider clock)
{
    public async Task AddAsync(string id, string name, string endpointId, string endpointUrl, string? udp, int capacity,
        CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SignallingDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        // The node moved here (its old endpoint died or dropped it): its old row goes first, so no reader ever sees the
        // new row beside the old one and sends a client to the dead endpoint.
        await db.Nodes.Where(n => n.Name == name && n.Id != id && n.EndpointId != null).ExecuteDeleteAsync(cancellationToken);
        await db.InsertIfAbsentAsync(new NodeRecord
        {
            Id = id,
            Roles = (int)NodeRoles.Media,
            BaseUrl = endpointUrl,
            EndpointId = endpointId,
            Name = name,
            AdvertisedAddress = udp,
            Capacity = capacity,
            StartedAtUtc = now,
            LastSeenUtc = now,
        }, n => n.Id == id, cancellationToken);
    }

    public async Task BeatAsync(string id, int streams, int viewers, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SignallingDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Nodes.Where(n => n.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(n => n.LastSeenUtc, now)
            .SetProperty(n => n.Streams, streams)
            .SetProperty(n => n.Viewers, viewers), cancellationToken);
    }

    public async Task RemoveAsync(string id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SignallingDbContext>();
        await db.Nodes.Where(n => n.Id == id).ExecuteDeleteAsync(cancellationToken);
    }
}
