namespace MyVid.Media.Transport;

/// <summary>
/// A test hook in the driver's receive path, the counterpart of <see cref="IDatagramDropFilter"/>: datagrams from a
/// peer it refuses are dropped before they are read, as if the link had lost them. Production registers none. Loop thread.
/// </summary>
internal interface IReceiveDropFilter
{
    /// <param name="localUfrag">Our ICE ufrag of the peer the datagram comes from.</param>
    bool ShouldDrop(string localUfrag, ReadOnlySpan<byte> datagram);
}
