using Microsoft.Extensions.Hosting;
using MyVid.Media.Sfu;

namespace MyVid.Media.Transport;

/// <summary>Starts the node's media loop with the host and stops it with the host.</summary>
internal sealed class MediaLoopService(MediaLoop loop, LiveRouter router) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        loop.Start(router);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        loop.Dispose();
        return Task.CompletedTask;
    }
}
