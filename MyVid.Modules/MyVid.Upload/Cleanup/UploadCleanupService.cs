using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MyVid.Upload.Cleanup;

/// <summary>Runs <see cref="UploadCleanup"/> every <see cref="UploadOptions.CleanupInterval"/>; a failed pass is logged and retried next time.</summary>
internal sealed partial class UploadCleanupService(
    IServiceScopeFactory scopes,
    IOptions<UploadOptions> options,
    TimeProvider clock,
    ILogger<UploadCleanupService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CleanupInterval, clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var cleanup = scope.ServiceProvider.GetRequiredService<UploadCleanup>();
                while (await cleanup.RunOnceAsync(stoppingToken) == UploadCleanup.BatchSize)
                {
                    // A full batch: more may be waiting.
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogFailed(e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload cleanup pass failed, retried at the next interval: {Reason}")]
    private partial void LogFailed(string reason);
}
