using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MyVid.Catalog.Persistence;

namespace MyVid.Catalog.Search;

/// <summary>
/// GET /API/VIDEO/{ID}'s database read, with concurrent lookups coalesced into one statement (natural batching): a
/// lookup that finds fewer than <see cref="CatalogOptions.GetBatchesInFlight"/> reads running reads its id at once
/// with the compiled single query (no added latency when idle); otherwise it waits, and when a read ends the next one
/// takes every waiting id (up to <see cref="CatalogOptions.GetBatchMaxIds"/>) in one <c>IN (...)</c>. Each statement
/// costs the database and EF/MySqlConnector about the same whatever its size, so under load the per-request cost
/// shrinks by the batch size. Each read has a DbContext of its own. A caller's cancellation drops only its own wait;
/// a failed read fails every caller in it with its exception.
/// </summary>
internal sealed class PublicVideoLookup(IServiceScopeFactory scopes, IOptions<CatalogOptions> options, CatalogMetrics metrics)
{
    private readonly int _maxInFlight = options.Value.GetBatchesInFlight;
    private readonly int _maxIds = options.Value.GetBatchMaxIds;
    private readonly Lock _lock = new();
    private readonly Queue<Waiter> _waiting = new();
    private int _inFlight;

    public async Task<Video?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (_maxInFlight == 0)
        {
            return await ReadAloneAsync(id, cancellationToken);
        }
        cancellationToken.ThrowIfCancellationRequested();
        Waiter? waiter = null;
        lock (_lock)
        {
            // Ids wait only while every read slot is taken, so a free slot means nobody waits: read at once.
            if (_inFlight < _maxInFlight)
            {
                _inFlight++;
            }
            else
            {
                waiter = new Waiter(id, cancellationToken);
                _waiting.Enqueue(waiter);
            }
        }
        if (waiter is not null)
        {
            return await waiter.Answer.Task.WaitAsync(cancellationToken);
        }
        try
        {
            // Alone: the compiled single query on this request's own path, with no hand-off to another thread.
            return await ReadAloneAsync(id, cancellationToken);
        }
        finally
        {
            HandOver();
        }
    }

    private async Task<Video?> ReadAloneAsync(string id, CancellationToken cancellationToken)
    {
        metrics.RecordGetBatch(1);
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<VideoQueries>().FindPublicAsync(id, cancellationToken);
    }

    /// <summary>After a read alone: its slot goes to a reader of the ids that queued meanwhile, or is freed.</summary>
    private void HandOver()
    {
        lock (_lock)
        {
            if (_waiting.Count == 0)
            {
                _inFlight--;
                return;
            }
        }
        // Not awaited: the reader serves the queued ids while this caller answers its own request.
        _ = ReadWhileWaitingAsync();
    }

    /// <summary>Reads batches until no id waits; never throws (each batch's outcome goes to its waiters).</summary>
    private async Task ReadWhileWaitingAsync()
    {
        while (TakeBatch() is { } batch)
        {
            await ReadAsync(batch);
        }
    }

    /// <summary>The next batch of waiters whose callers still wait; null (and one reader less) when none.</summary>
    private List<Waiter>? TakeBatch()
    {
        lock (_lock)
        {
            List<Waiter>? batch = null;
            while (_waiting.Count > 0 && (batch?.Count ?? 0) < _maxIds)
            {
                var waiter = _waiting.Dequeue();
                if (!waiter.Cancellation.IsCancellationRequested)
                {
                    (batch ??= new List<Waiter>(Math.Min(_waiting.Count + 1, _maxIds))).Add(waiter);
                }
            }
            if (batch is null)
            {
                _inFlight--;
            }
            return batch;
        }
    }

    private async Task ReadAsync(List<Waiter> batch)
    {
        metrics.RecordGetBatch(batch.Count);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var queries = scope.ServiceProvider.GetRequiredService<VideoQueries>();
            var ids = batch.Select(w => w.Id).Distinct(StringComparer.Ordinal).ToList();
            IReadOnlyList<Video> found = ids.Count == 1
                ? await queries.FindPublicAsync(ids[0], CancellationToken.None) is { } one ? [one] : []
                : await queries.FindPublicManyAsync(ids, CancellationToken.None);
            // Ids compare as the column does (ascii_bin on MariaDB, binary on SQLite): ordinal. Duplicates share a row.
            var rows = found.ToDictionary(v => v.Id, StringComparer.Ordinal);
            foreach (var waiter in batch)
            {
                waiter.Answer.TrySetResult(rows.GetValueOrDefault(waiter.Id));
            }
        }
        catch (Exception e)
        {
            foreach (var waiter in batch)
            {
                waiter.Answer.TrySetException(e);
            }
        }
    }

    private sealed class Waiter(string id, CancellationToken cancellation)
    {
        public string Id { get; } = id;

        public CancellationToken Cancellation { get; } = cancellation;

        /// <summary>Completed by the reader; continuations run on the pool, not inside the reader's loop.</summary>
        public TaskCompletionSource<Video?> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
