using Microsoft.Extensions.DependencyInjection;

namespace MyVid.Catalog.Tests;

/// <summary>
/// The node's scopes, with the first one held until <see cref="Open"/>: a batched lookup's first read then stays in
/// flight while a test queues more lookups behind it, so what the next read takes is known, not left to timing.
/// </summary>
internal sealed class GatedScopes(IServiceScopeFactory inner) : IServiceScopeFactory, IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly ManualResetEventSlim _entered = new();
    private readonly ManualResetEventSlim _gate = new();
    private int _created;

    /// <summary>Scopes created, i.e. database reads started.</summary>
    public int Created => Volatile.Read(ref _created);

    public IServiceScope CreateScope()
    {
        Interlocked.Increment(ref _created);
        _entered.Set();
        if (!_gate.Wait(Bound))
        {
            throw new TimeoutException("the test never opened the gate");
        }
        return inner.CreateScope();
    }

    /// <summary>Runs <paramref name="first"/> on the pool and returns once its read waits at the gate.</summary>
    public Task<T> HoldFirst<T>(Func<Task<T>> first)
    {
        var task = Task.Run(first);
        Assert.That(_entered.Wait(Bound), Is.True, "the first lookup did not start a read");
        return task;
    }

    public void Open() => _gate.Set();

    public void Dispose()
    {
        _entered.Dispose();
        _gate.Dispose();
    }
}
