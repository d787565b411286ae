using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyVid.Media.Catalog;
using MyVid.Media.Recording;
using MyVid.Media.Sfu;

namespace MyVid.Media.Sessions;

/// <summary>
/// Serves each client's signalling WebSocket with a <see cref="ClientSession"/>: Appendix C (offer, candidates,
/// LIVE) for a publisher, Appendix D (join, answer, candidates) for a viewer. Thread-safe; one instance per node.
/// </summary>
internal sealed partial class ClientSessionHandler(
    LiveRouter router, IMediaCatalog catalog, LiveRecordings recordings, IOptions<MediaOptions> options, TimeProvider time, ILogger<ClientSessionHandler> logger)
    : IClientSessionHandler
{
    public async Task RunAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        using var signal = new SignalSocket(socket, options.Value.MaxMessageBytes);
        var session = new ClientSession(signal, router, catalog, recordings, options.Value, time, logger);
        try
        {
            await session.RunAsync(cancellationToken);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            LogSocketEnded(logger, e.Message);
            if (!cancellationToken.IsCancellationRequested)
            {
                await session.OutliveSignallingAsync(cancellationToken); // the socket broke; the node is not stopping
            }
        }
        finally
        {
            await session.LeaveAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Signalling socket ended: {Reason}")]
    private static partial void LogSocketEnded(ILogger logger, string reason);
}
