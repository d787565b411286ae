using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyVid.Platform.Hosting;
using MyVid.Platform.Http;
using MyVid.Platform.Ids;
using MyVid.Platform.Persistence;
using MyVid.Platform.Roles;
using MyVid.Signalling.Persistence;

namespace MyVid.Signalling.Discovery;

/// <summary>
/// Keeps this endpoint or api node's row in the Nodes table fresh (an api-only node's URL is
/// <c>Signalling:Whip:InternalUrl</c> when set: where other api nodes forward its sessions' requests). Starts once the server listens (the base URL may be
/// derived from the listening address), deletes the row on a clean stop so the node drops out at once; after a
/// crash the row simply goes stale. Also forgets rows silent for long (<see cref="SignallingOptions.ForgetAfter"/>).
/// </summary>
internal sealed partial class NodeHeartbeat(
    IServiceScopeFactory scopes,
    IPublicBaseUrl baseUrl,
    ActiveRoles roles,
    IHostApplicationLifetime lifetime,
    IOptions<SignallingOptions> options,
    TimeProvider clock,
    ILogger<NodeHeartbeat> logger) : BackgroundService
{
    private readonly TaskCompletionSource<string> _url = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string NodeId { get; } = ShortId.New();

    /// <summary>This node's base URL as written in its row, once the server listens; media nodes attached here get it too.</summary>
    public Task<string> BaseUrl => _url.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await lifetime.WaitForStartAsync(stoppingToken))
        {
            return;
        }
        var started = clock.GetUtcNow().UtcDateTime;
        var url = !roles.Has(NodeRoles.Endpoint) && options.Value.Whip.InternalUrl is { Length: > 0 } internalUrl
            ? new Uri(internalUrl).AbsoluteUri
            : baseUrl.Current().AbsoluteUri;
        _url.TrySetResult(url);
        LogRegistering(NodeId, url);
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, clock);
        do
        {
            try
            {
                await BeatAsync(url, started, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The database may be failing over: the next beat tries again, and meanwhile the row ages.
                LogBeatFailed(e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SignallingDbContext>();
            await db.Nodes.Where(n => n.Id == NodeId).ExecuteDeleteAsync(cancellationToken);
        }
        catch (Exception e)
        {
            // Also a cancelled stop: the row then simply goes stale.
            LogBeatFailed(e.Message);
        }
    }

    private async Task BeatAsync(string url, DateTime started, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SignallingDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var updated = await db.Nodes.Where(n => n.Id == NodeId)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.LastSeenUtc, now).SetProperty(n => n.BaseUrl, url), cancellationToken);
        if (updated == 0)
        {
            await db.InsertIfAbsentAsync(new NodeRecord { Id = NodeId, Roles = (int)roles.Roles, BaseUrl = url, StartedAtUtc = started, LastSeenUtc = now },
                n => n.Id == NodeId, cancellationToken);
        }
        var forgetBefore = now - options.Value.ForgetAfter;
        await db.Nodes.Where(n => n.LastSeenUtc < forgetBefore).ExecuteDeleteAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {NodeId} registering at {Url}")]
    private partial void LogRegistering(string nodeId, string url);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node heartbeat failed: {Reason}")]
    private partial void LogBeatFailed(string reason);
}
