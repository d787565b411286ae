namespace MyVid.WebRtc.Srtp;

/// <summary>
/// The highest packet index seen on a stream and a bitmap of the ones just below it (RFC 3711 §3.3.2).
/// The highest index also carries the RTP rollover counter and s_l used to estimate indexes (§3.3.1).
/// </summary>
internal struct ReplayWindow
{
    /// <summary>The widest window the bitmap can hold.</summary>
    public const int MaxSize = 128;

    private UInt128 _seen;

    public bool IsEmpty { readonly get; private set; }

    public ulong Highest { readonly get; private set; }

    public static ReplayWindow Empty => new() { IsEmpty = true };

    /// <summary>
    /// Guesses the 48-bit index of an RTP sequence number as the one closest to s_l (RFC 3711 §3.3.1, Appendix A).
    /// False when that lands before the stream's first rollover, which no packet of ours can have.
    /// </summary>
    public readonly bool TryEstimateRtpIndex(ushort sequenceNumber, out ulong index)
    {
        if (IsEmpty)
        {
            index = sequenceNumber;
            return true;
        }

        var roc = (long)(Highest >> 16);
        var highestSequence = (int)(Highest & 0xFFFF);
        var guess = roc;
        if (highestSequence < 32768)
        {
            if (sequenceNumber - highestSequence > 32768)
            {
                guess = roc - 1;
            }
        }
        else if (highestSequence - 32768 > sequenceNumber)
        {
            guess = roc + 1;
        }

        index = guess < 0 ? 0 : ((ulong)guess << 16) | sequenceNumber;
        return guess >= 0 && guess <= uint.MaxValue;
    }

    /// <summary>Whether <paramref name="index"/> is neither a replay nor older than the window.</summary>
    public readonly bool CanAccept(ulong index, int windowSize)
    {
        if (IsEmpty || index > Highest)
        {
            return true;
        }

        var age = Highest - index;
        return age < (ulong)windowSize && ((_seen >> (int)age) & UInt128.One) == UInt128.Zero;
    }

    /// <summary>Records <paramref name="index"/> as received (or sent); only call once it is authenticated.</summary>
    public void Accept(ulong index)
    {
        if (IsEmpty)
        {
            IsEmpty = false;
            Highest = index;
            _seen = UInt128.One;
        }
        else if (index > Highest)
        {
            var shift = index - Highest;
            _seen = shift >= MaxSize ? UInt128.One : (_seen << (int)shift) | UInt128.One;
            Highest = index;
        }
        else if (Highest - index < MaxSize)
        {
            _seen |= UInt128.One << (int)(Highest - index);
        }
    }
}
