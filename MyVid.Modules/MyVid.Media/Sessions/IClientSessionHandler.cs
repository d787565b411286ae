using System.Net.WebSockets;

namespace MyVid.Media.Sessions;

/// <summary>
/// Serves one client's signalling WebSocket (Appendix C broadcast or Appendix D join) until it closes. The control
/// link calls it for every parked client an endpoint bridges to this node.
/// </summary>
internal interface IClientSessionHandler
{
    Task RunAsync(WebSocket socket, CancellationToken cancellationToken);
}
