namespace MyVid.Media.Recording.Storage;

/// <summary>
/// Retries one store call of a recording with doubling delays (up to <see cref="SinkSettings.MaxRetryDelay"/>),
/// reporting each failure; gives up after <see cref="SinkSettings.RetryFor"/> unless told to go on until stopped.
/// </summary>
internal sealed class StoreRetry(SinkSettings settings, string key, Action<RecordingProblem> report)
{
    /// <param name="untilStopped">Retries until the call succeeds or <paramref name="token"/> stops it, not only for <see cref="SinkSettings.RetryFor"/>.</param>
    public async Task<T> RunAsync<T>(string what, Func<Task<T>> call, CancellationToken token, bool untilStopped = false)
    {
        var started = DateTime.UtcNow;
        var delay = settings.FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
            {
                var giveUp = !untilStopped && DateTime.UtcNow - started + delay > settings.RetryFor;
                report(new RecordingProblem($"Storing {what} of {key} failed (attempt {attempt}): {e.Message}", e, IsFatal: false));
                if (giveUp)
                {
                    throw new RecordingFailedException($"The object store kept failing while storing {what}: {e.Message}", e);
                }
            }
            await Task.Delay(delay, token);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, settings.MaxRetryDelay.Ticks));
        }
    }
}
