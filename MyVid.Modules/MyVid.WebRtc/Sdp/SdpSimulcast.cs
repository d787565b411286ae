namespace MyVid.WebRtc.Sdp;

/// <summary>
/// RFC 8853 §5.1: a=simulcast:send 1;2,3 recv 4 — each stream is a list of alternative rid ids;
/// a paused one keeps its "~" prefix. Parsed only: MyVid does not negotiate simulcast yet.
/// </summary>
public sealed class SdpSimulcast
{
    public IList<IList<string>> Send { get; } = new List<IList<string>>();

    public IList<IList<string>> Receive { get; } = new List<IList<string>>();
}
