using MyVid.Media.Transport;

namespace MyVid.Media.Tests.Harness;

/// <summary>
/// Drops a share of the RTP (not RTCP) on the link of the peer with one ufrag: what the node sends it (a viewer's
/// link) or receives from it (a publisher's); counts what it dropped.
/// </summary>
internal sealed class LossyLinkFilter : IDatagramDropFilter, IReceiveDropFilter
{
    private readonly Random _random = new(7);
    private volatile string? _ufrag;
    private int _dropped;
    private int _passed;

    public double Rate { get; set; } = 0.10;

    public string? Ufrag
    {
        get => _ufrag;
        set => _ufrag = value;
    }

    public int Dropped => Volatile.Read(ref _dropped);

    public int Passed => Volatile.Read(ref _passed);

    public bool ShouldDrop(string localUfrag, ReadOnlySpan<byte> datagram)
    {
        if (localUfrag != _ufrag || datagram.Length < 2 || datagram[0] is < 128 or > 191 || datagram[1] is >= 192 and <= 223)
        {
            return false;
        }

        if (_random.NextDouble() < Rate)
        {
            Interlocked.Increment(ref _dropped);
            return true;
        }

        Interlocked.Increment(ref _passed);
        return false;
    }
}
