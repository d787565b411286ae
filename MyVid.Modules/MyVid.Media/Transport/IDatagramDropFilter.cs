namespace MyVid.Media.Transport;

/// <summary>
/// A test hook in the driver's send path: datagrams it refuses are counted as sent and never reach the socket.
/// Production registers none. Called on the loop thread; keep it cheap.
/// </summary>
internal interface IDatagramDropFilter
{
    /// <param name="localUfrag">Our ICE ufrag of the peer the datagram goes to (it is in the SDP that peer got).</param>
    bool ShouldDrop(string localUfrag, ReadOnlySpan<byte> datagram);
}
