namespace MyVid.Media.Control;

/// <summary>
/// The load a media node reports in each control-socket heartbeat; the api role starts new streams on the
/// least-loaded node. The SFU's <c>StreamDirectory</c> is it (live streams and their viewers); a host without the
/// SFU falls back to <see cref="BridgedSessionLoad"/>, which counts the bridged client sessions.
/// </summary>
internal interface IMediaLoad
{
    int Streams { get; }

    int Viewers { get; }
}

/// <summary>The fallback load: every bridged client session counts as a viewer; no streams are known.</summary>
internal sealed class BridgedSessionLoad(LinkState state) : IMediaLoad
{
    public int Streams => 0;

    public int Viewers => state.ActiveSessions;
}
