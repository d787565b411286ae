using Microsoft.Extensions.Hosting;

namespace MyVid.Platform.Hosting;

/// <summary>For hosted loops that must not begin before the node serves (their first step announces it).</summary>
public static class ApplicationStart
{
    /// <summary>
    /// Completes when the application has started (Kestrel listens, every hosted service has started): true; or when
    /// <paramref name="stoppingToken"/> is cancelled first: false.
    /// </summary>
    public static async Task<bool> WaitForStartAsync(this IHostApplicationLifetime lifetime, CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetResult());
        await started.Task;
        return !stoppingToken.IsCancellationRequested;
    }
}
