namespace MyVid.WebRtc.Rtp;

/// <summary>
/// The table-of-contents byte that starts every Opus packet (RFC 6716 §3.1); an RTP Opus payload is one
/// Opus packet with no descriptor of its own (RFC 7587 §4.2).
/// </summary>
public readonly record struct OpusToc(byte Value)
{
    /// <summary>Configuration 0..31: mode, bandwidth and frame size (RFC 6716 Table 2).</summary>
    public int Configuration => Value >> 3;

    public bool IsStereo => (Value & 0x04) != 0;

    /// <summary>Frame count code c: 0 one frame, 1 two equal, 2 two different, 3 an arbitrary number.</summary>
    public int FrameCountCode => Value & 0x03;

    public bool IsSilk => Configuration < 12;

    public bool IsHybrid => Configuration is >= 12 and < 16;

    public bool IsCelt => Configuration >= 16;

    public static bool TryParse(ReadOnlySpan<byte> payload, out OpusToc toc)
    {
        toc = payload.IsEmpty ? default : new OpusToc(payload[0]);
        return !payload.IsEmpty;
    }
}
