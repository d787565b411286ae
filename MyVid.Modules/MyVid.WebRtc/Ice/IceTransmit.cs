using System.Net;

namespace MyVid.WebRtc.Ice;

/// <summary>A datagram written into the caller's buffer: send its first <paramref name="Length"/> bytes.</summary>
public readonly record struct IceTransmit(IPEndPoint Source, IPEndPoint Destination, int Length);
